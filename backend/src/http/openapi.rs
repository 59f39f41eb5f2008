//! The OpenAPI document as clients and fuzzers read it: generated from the handlers, with
//! error answers described as what they are on the wire.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, RefOr};

const PROBLEM_SCHEMA: &str = "#/components/schemas/Problem";

/// Every error answer is sent as `application/problem+json` (RFC 9457); the handlers' `body =
/// Problem` annotations say `application/json`, so their content type is put right here, once.
pub fn problems_as_problem_json(api: &mut OpenApi) {
    for item in api.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            retag(operation);
        }
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
    use utoipa::openapi::{ContentBuilder, ResponseBuilder, Responses};

    #[test]
    fn problem_answers_are_documented_as_problem_json_and_others_stay() {
        let problem = ContentBuilder::new()
            .schema(Some(RefOr::Ref(utoipa::openapi::Ref::new(PROBLEM_SCHEMA))))
            .build();
        let ok = ContentBuilder::new()
            .schema(Some(RefOr::Ref(utoipa::openapi::Ref::new(
                "#/components/schemas/Order",
            ))))
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
        retag(&mut operation);
        let content_types = |status: &str| match &operation.responses.responses[status] {
            RefOr::T(response) => response.content.keys().cloned().collect::<Vec<_>>(),
            RefOr::Ref(_) => Vec::new(),
        };
        assert_eq!(content_types("404"), ["application/problem+json"]);
        assert_eq!(content_types("200"), ["application/json"]);
    }
}
