//! The OpenAPI document as clients and fuzzers read it: generated from the handlers, with
//! error answers described as what they are on the wire.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

const PROBLEM_SCHEMA: &str = "#/components/schemas/Problem";

/// Error answers as they are sent: every one as `application/problem+json` (RFC 9457; the
/// handlers' `body = Problem` annotations say `application/json`), and the ones the
/// extractors give before any handler runs, which no handler lists.
pub fn describe_errors(api: &mut OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            document_extractor_errors(path, operation);
            retag(operation);
        }
    }
}

/// What the extractors answer before a handler runs, in one place for every route (see
/// `http::server`'s path and query error handlers and `http::json`): a malformed path id or
/// query string is a 400; a body can be malformed (400), too large (413) or of another
/// content type (415).
fn document_extractor_errors(path: &str, operation: &mut Operation) {
    let has_query =
        operation.parameters.iter().flatten().any(
            |parameter| matches!(parameter, RefOr::T(p) if p.parameter_in == ParameterIn::Query),
        );
    let mut answers = Vec::new();
    if path.contains('{') || has_query {
        answers.push(("400", "the path or query string is not valid"));
    }
    if operation.request_body.is_some() {
        answers.extend([
            ("400", "the body could not be read"),
            ("413", "the body is too large"),
            (
                "415",
                "the body is not of the content type this route takes",
            ),
        ]);
    }
    for (status, description) in answers {
        let problem = ContentBuilder::new()
            .schema(Some(RefOr::Ref(Ref::new(PROBLEM_SCHEMA))))
            .build();
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content("application/json", problem)
                        .build(),
                )
            });
    }
}

fn retag(operation: &mut Operation) {
    for response in operation.responses.responses.values_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_problem = response.content.get("application/json").is_some_and(|content| {
            matches!(content, RefOr::T(c) if matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location == PROBLEM_SCHEMA))
        });
        if is_problem && let Some(content) = response.content.shift_remove("application/json") {
            response
                .content
                .insert("application/problem+json".to_owned(), content);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::Responses;

    #[test]
    fn problem_answers_are_documented_as_problem_json_and_others_stay() {
        let problem = ContentBuilder::new()
            .schema(Some(RefOr::Ref(Ref::new(PROBLEM_SCHEMA))))
            .build();
        let ok = ContentBuilder::new()
            .schema(Some(RefOr::Ref(Ref::new("#/components/schemas/Order"))))
            .build();
        let mut operation = Operation::new();
        let mut responses = Responses::new();
        responses.responses.insert(
            "404".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .content("application/json", problem)
                    .build(),
            ),
        );
        responses.responses.insert(
            "200".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .content("application/json", ok)
                    .build(),
            ),
        );
        operation.responses = responses;
        document_extractor_errors("/orders/{id}", &mut operation);
        retag(&mut operation);
        let content_types = |status: &str| match &operation.responses.responses[status] {
            RefOr::T(response) => response.content.keys().cloned().collect::<Vec<_>>(),
            RefOr::Ref(_) => Vec::new(),
        };
        assert_eq!(content_types("404"), ["application/problem+json"]);
        assert_eq!(content_types("200"), ["application/json"]);
        assert_eq!(
            content_types("400"),
            ["application/problem+json"],
            "a malformed path id is documented"
        );
    }
}
