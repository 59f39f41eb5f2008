//! Chat over REST and the websocket: who may read and write, live delivery to both sides,
//! unread counts, presence and typing.

use crate::helpers::{
    Account, TestApp, field_error, problem, spawn_app, spawn_app_with, spawn_instance_beside,
};
use crate::media::png;
use futures_util::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode, multipart};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the websocket the way the apps do: the bearer token offered as a subprotocol.
pub async fn connect(app: &TestApp, token: &str) -> Socket {
    let request = ws_request(app, &format!("bazaar.v1, bearer.{token}"));
    let (socket, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the websocket opens");
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "bazaar.v1",
        "the server picks the protocol"
    );
    socket
}

/// Waits for the server to close the socket, and answers the close code.
pub async fn closed(socket: &mut Socket) -> CloseCode {
    let frame = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame,
                Some(Ok(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    })
    .await
    .expect("the server closes the socket at once");
    frame.expect("a close frame with a code").code
}

/// The server still answers on the socket: a ping gets its pong.
pub async fn still_open(socket: &mut Socket) {
    socket
        .send(Message::Ping(b"there?".to_vec().into()))
        .await
        .expect("the socket takes a ping");
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Pong(_))) => return,
                Some(Ok(Message::Close(frame))) => panic!("the socket closed: {frame:?}"),
                Some(Ok(_)) => continue,
                other => panic!("expected a pong, got {other:?}"),
            }
        }
    })
    .await
    .expect("the server answers the ping");
}

fn ws_request(app: &TestApp, protocols: &str) -> tungstenite::handshake::client::Request {
    let url = app.url("/api/v1/ws").replacen("http", "ws", 1);
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_str(protocols).unwrap(),
    );
    request
}

/// The next event of the given type, skipping others; fails after five seconds.
pub async fn next_event(socket: &mut Socket, kind: &str) -> Value {
    event_within(socket, kind, Duration::from_secs(5)).await
}

async fn event_within(socket: &mut Socket, kind: &str, within: Duration) -> Value {
    let found = tokio::time::timeout(within, async {
        while let Some(frame) = socket.next().await {
            if let Message::Text(text) = frame.expect("a frame") {
                let event: Value = serde_json::from_str(&text).unwrap();
                if event["type"] == kind {
                    return event;
                }
            }
        }
        panic!("the socket closed while waiting for {kind}");
    })
    .await;
    found.unwrap_or_else(|_| panic!("no {kind} event within {within:?}"))
}

/// Asserts no event of the type arrives within half a second.
async fn no_event(socket: &mut Socket, kind: &str) {
    let waited = tokio::time::timeout(Duration::from_millis(500), next_event(socket, kind)).await;
    assert!(waited.is_err(), "unexpected {kind}: {:?}", waited.ok());
}

pub(crate) async fn shop_id(app: &TestApp, seller: &Account) -> String {
    let shop: Value = app
        .get_as(&seller.token, "/api/v1/me/shop")
        .await
        .json()
        .await
        .unwrap();
    shop["id"].as_str().unwrap().to_owned()
}

/// A buyer, a seller and the buyer's conversation with the seller's shop.
async fn conversation(app: &TestApp) -> (Account, Account, String) {
    let buyer = app.active_buyer("ann@example.com").await;
    let seller = app.active_seller("sam@example.com").await;
    let shop = shop_id(app, &seller).await;
    let response = open_conversation(app, &buyer, &shop).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let conversation: Value = response.json().await.unwrap();
    (
        buyer,
        seller,
        conversation["id"].as_str().unwrap().to_owned(),
    )
}

/// The account's conversations.
async fn inbox(app: &TestApp, who: &Account) -> Value {
    app.get_as(&who.token, "/api/v1/conversations")
        .await
        .json()
        .await
        .unwrap()
}

/// The buyer's conversation with the shop, opened or found.
async fn open_conversation(app: &TestApp, buyer: &Account, shop: &str) -> reqwest::Response {
    app.send_as(
        Method::POST,
        &buyer.token,
        "/api/v1/conversations",
        &json!({ "shop_id": shop }),
    )
    .await
}

async fn say(app: &TestApp, who: &Account, conversation: &str, text: &str) -> reqwest::Response {
    app.send_as(
        Method::POST,
        &who.token,
        &format!("/api/v1/conversations/{conversation}/messages"),
        &json!({ "text": text }),
    )
    .await
}

#[tokio::test]
async fn one_conversation_per_buyer_and_shop() {
    let app = spawn_app().await;
    let (buyer, seller, id) = conversation(&app).await;
    let shop = shop_id(&app, &seller).await;
    let again = open_conversation(&app, &buyer, &shop).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], id);
    assert_eq!(again["shop"]["name"], "Sam's Goods");
    assert_eq!(again["buyer"]["name"], "Ann Buyer");
    assert_eq!(app.count("conversations").await, 1);

    // The shop's inbox shows it once the buyer wrote something.
    assert_eq!(inbox(&app, &buyer).await.as_array().unwrap().len(), 1);
    assert_eq!(inbox(&app, &seller).await, json!([]));
    say(&app, &buyer, &id, "Hello?").await;
    assert_eq!(inbox(&app, &seller).await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_message_reaches_the_other_side_live_and_counts_as_unread() {
    let app = spawn_app().await;
    let (buyer, seller, id) = conversation(&app).await;
    let mut seller_socket = connect(&app, &seller.token).await;
    let mut buyer_socket = connect(&app, &buyer.token).await;

    let sent = say(&app, &buyer, &id, "  Is the lamp still in stock?  ").await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["text"], "Is the lamp still in stock?");

    let live = next_event(&mut seller_socket, "message_created").await;
    assert_eq!(live["message"], sent);
    let updated = next_event(&mut seller_socket, "conversation_updated").await;
    assert_eq!(updated["conversation"]["shop_unread"], 1);
    assert_eq!(updated["conversation"]["buyer_unread"], 0);
    assert_eq!(
        updated["conversation"]["last_message"]["text"],
        "Is the lamp still in stock?"
    );
    // The sender's other devices hear it too.
    assert_eq!(
        next_event(&mut buyer_socket, "message_created").await["message"],
        sent
    );
    let mine = next_event(&mut buyer_socket, "conversation_updated").await;
    assert_eq!(mine["conversation"]["shop_unread"], 1);

    let listed = inbox(&app, &seller).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["shop_unread"], 1);

    let read = app
        .send_as(
            Method::POST,
            &seller.token,
            &format!("/api/v1/conversations/{id}/read"),
            &json!({}),
        )
        .await;
    assert_eq!(read.status(), StatusCode::NO_CONTENT);
    let seen = next_event(&mut buyer_socket, "conversation_updated").await;
    assert_eq!(seen["conversation"]["shop_unread"], 0);

    assert_eq!(
        say(&app, &seller, &id, "Yes, two left.").await.status(),
        StatusCode::CREATED
    );
    let reply = next_event(&mut buyer_socket, "message_created").await;
    assert_eq!(reply["message"]["text"], "Yes, two left.");
    assert_eq!(reply["message"]["sender_id"], seller.id.as_str());
    let mine = inbox(&app, &buyer).await;
    assert_eq!(mine[0]["buyer_unread"], 1);
}

/// Every message's text in the conversation, oldest first, read page by page.
async fn history(app: &TestApp, who: &Account, conversation: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut path = format!("/api/v1/conversations/{conversation}/messages");
    loop {
        let page: Value = app.get_as(&who.token, &path).await.json().await.unwrap();
        for message in page["items"].as_array().unwrap() {
            texts.push(message["text"].as_str().unwrap().to_owned());
        }
        let Some(before) = page["next_cursor"].as_str() else {
            break;
        };
        path = format!("/api/v1/conversations/{conversation}/messages?before={before}");
    }
    texts.reverse();
    texts
}

/// Sends a chat message over the socket as `send_message`.
async fn say_over(socket: &mut Socket, conversation: &str, text: &str, client_ref: &str) {
    let frame = json!({"type": "send_message", "conversation_id": conversation,
        "text": text, "client_ref": client_ref});
    socket
        .send(Message::text(frame.to_string()))
        .await
        .expect("the socket takes the frame");
}

#[tokio::test]
async fn messages_sent_over_the_socket_are_acknowledged_stored_and_delivered_in_order() {
    let app = spawn_app().await;
    let (buyer, seller, id) = conversation(&app).await;
    let mut buyer_socket = connect(&app, &buyer.token).await;
    let mut seller_socket = connect(&app, &seller.token).await;

    say_over(&mut buyer_socket, &id, "  Over the socket  ", "first").await;
    let ack = next_event(&mut buyer_socket, "message_sent").await;
    assert_eq!(ack["client_ref"], "first");
    assert_eq!(ack["message"]["text"], "Over the socket");
    assert_eq!(ack["message"]["sender_id"], buyer.id.as_str());
    let live = next_event(&mut seller_socket, "message_created").await;
    assert_eq!(live["message"], ack["message"]);
    let updated = next_event(&mut seller_socket, "conversation_updated").await;
    assert_eq!(updated["conversation"]["shop_unread"], 1);

    // Sent back to back, they are stored and delivered in the order sent, none lost.
    let texts: Vec<String> = (0..30).map(|n| format!("burst {n}")).collect();
    for (n, text) in texts.iter().enumerate() {
        say_over(&mut buyer_socket, &id, text, &format!("b{n}")).await;
    }
    for (n, text) in texts.iter().enumerate() {
        let ack = next_event(&mut buyer_socket, "message_sent").await;
        assert_eq!(ack["client_ref"], format!("b{n}"));
        assert_eq!(
            next_event(&mut seller_socket, "message_created").await["message"]["text"],
            text.as_str()
        );
    }
    let stored = history(&app, &seller, &id).await;
    assert_eq!(stored[0], "Over the socket");
    assert_eq!(stored[1..], texts);
    assert_eq!(inbox(&app, &seller).await[0]["shop_unread"], 31);
}

#[tokio::test]
async fn messages_stored_together_are_all_kept_each_senders_in_order() {
    let app = spawn_app().await;
    let (buyer, seller, id) = conversation(&app).await;
    // Both sides send at once, over several sockets and over REST, so that messages from
    // different senders share transactions.
    let mut sockets = Vec::new();
    for who in [&buyer, &seller, &buyer, &seller] {
        sockets.push(connect(&app, &who.token).await);
    }
    let sending = sockets.iter_mut().enumerate().map(|(s, socket)| {
        let id = id.clone();
        async move {
            for n in 0..25 {
                say_over(
                    socket,
                    &id,
                    &format!("socket {s} #{n}"),
                    &format!("{s}-{n}"),
                )
                .await;
            }
            for n in 0..25 {
                let ack = next_event(socket, "message_sent").await;
                assert_eq!(ack["client_ref"], format!("{s}-{n}"));
            }
        }
    });
    let posting = async {
        for n in 0..25 {
            let sent = say(&app, &buyer, &id, &format!("rest #{n}")).await;
            assert_eq!(sent.status(), StatusCode::CREATED);
        }
    };
    futures_util::join!(futures_util::future::join_all(sending), posting);

    let texts = history(&app, &buyer, &id).await;
    assert_eq!(texts.len(), 125);
    for sender in ["socket 0 ", "socket 1 ", "socket 2 ", "socket 3 ", "rest "] {
        let theirs: Vec<String> = texts
            .iter()
            .filter(|text| text.starts_with(sender))
            .cloned()
            .collect();
        let expected: Vec<String> = (0..25).map(|n| format!("{sender}#{n}")).collect();
        assert_eq!(theirs, expected, "{sender}in order");
    }
    let mine = &inbox(&app, &buyer).await[0];
    let theirs = &inbox(&app, &seller).await[0];
    assert_eq!(mine["buyer_unread"], 50);
    assert_eq!(theirs["shop_unread"], 75);
}

#[tokio::test]
async fn the_socket_refuses_what_the_rest_call_refuses_and_stores_nothing() {
    let app = spawn_app().await;
    let (_buyer, _seller, id) = conversation(&app).await;
    let stranger = app.active_buyer("eve@example.com").await;
    let mut socket = connect(&app, &stranger.token).await;

    say_over(&mut socket, &id, "let me in", "stranger").await;
    let refused = next_event(&mut socket, "message_refused").await;
    assert_eq!(refused["client_ref"], "stranger");
    assert_eq!(refused["problem"]["status"], 404);

    let (me, _, mine) = {
        let seller = app.active_seller("sid@example.com").await;
        let shop = shop_id(&app, &seller).await;
        let opened: Value = open_conversation(&app, &stranger, &shop)
            .await
            .json()
            .await
            .unwrap();
        (stranger, seller, opened["id"].as_str().unwrap().to_owned())
    };
    say_over(&mut socket, &mine, "   ", "blank").await;
    let blank = next_event(&mut socket, "message_refused").await;
    assert_eq!(blank["client_ref"], "blank");
    assert_eq!(blank["problem"]["status"], 422);
    assert_eq!(blank["problem"]["errors"]["text"][0], "must not be empty");

    let long_ref = "r".repeat(65);
    say_over(&mut socket, &mine, "hello", &long_ref).await;
    let long = next_event(&mut socket, "message_refused").await;
    assert_eq!(
        long["problem"]["errors"]["client_ref"][0],
        "is longer than 64 characters"
    );
    // The socket stays open for the next message, and nothing was stored.
    still_open(&mut socket).await;
    assert_eq!(app.count("messages").await, 0);
    assert_eq!(inbox(&app, &me).await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn history_is_paged_newest_first() {
    let app = spawn_app().await;
    let (buyer, _seller, id) = conversation(&app).await;
    for n in 1..=5 {
        say(&app, &buyer, &id, &format!("message {n}")).await;
    }
    let path = format!("/api/v1/conversations/{id}/messages");
    let first: Value = app
        .get_as(&buyer.token, &format!("{path}?limit=2"))
        .await
        .json()
        .await
        .unwrap();
    let texts = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&first), ["message 5", "message 4"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest: Value = app
        .get_as(&buyer.token, &format!("{path}?limit=10&before={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(texts(&rest), ["message 3", "message 2", "message 1"]);
    assert!(rest["next_cursor"].is_null());
}

#[tokio::test]
async fn only_the_buyer_and_the_shop_owner_may_read_or_write() {
    let app = spawn_app().await;
    let (buyer, _seller, id) = conversation(&app).await;
    say(&app, &buyer, &id, "private").await;
    let stranger = app.active_buyer("eve@example.com").await;
    let paths = [
        (Method::GET, format!("/api/v1/conversations/{id}")),
        (Method::GET, format!("/api/v1/conversations/{id}/messages")),
        (Method::POST, format!("/api/v1/conversations/{id}/messages")),
        (Method::POST, format!("/api/v1/conversations/{id}/read")),
    ];
    for (method, path) in &paths {
        let response = app
            .send_as(
                method.clone(),
                &stranger.token,
                path,
                &json!({"text": "hi"}),
            )
            .await;
        problem(response, StatusCode::NOT_FOUND).await;
        let anonymous = app
            .http
            .request(method.clone(), app.url(path))
            .json(&json!({"text": "hi"}))
            .send()
            .await
            .unwrap();
        problem(anonymous, StatusCode::UNAUTHORIZED).await;
    }
    let theirs = inbox(&app, &stranger).await;
    assert_eq!(theirs, json!([]));
    assert_eq!(app.count("messages").await, 1);
}

#[tokio::test]
async fn a_seller_cannot_write_to_their_own_shop_nor_to_no_shop() {
    let app = spawn_app().await;
    let seller = app.active_seller("sam@example.com").await;
    let shop = shop_id(&app, &seller).await;
    let own = open_conversation(&app, &seller, &shop).await;
    assert_eq!(field_error(own, "shop_id").await, ["is your own shop"]);
    let nowhere = open_conversation(&app, &seller, &uuid::Uuid::now_v7().to_string()).await;
    assert_eq!(field_error(nowhere, "shop_id").await, ["names no shop"]);
    assert_eq!(app.count("conversations").await, 0);
}

#[tokio::test]
async fn bad_messages_are_refused_at_the_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (buyer, _seller, id) = conversation(&app).await;
    let blank = say(&app, &buyer, &id, "   ").await;
    assert_eq!(field_error(blank, "text").await, ["must not be empty"]);
    let long = say(&app, &buyer, &id, &"x".repeat(4_001)).await;
    assert_eq!(
        field_error(long, "text").await,
        ["must be at most 4000 characters"]
    );
    let unknown = app
        .send_as(
            Method::POST,
            &buyer.token,
            &format!("/api/v1/conversations/{id}/messages"),
            &json!({"text": "hi", "to": "everyone"}),
        )
        .await;
    problem(unknown, StatusCode::UNPROCESSABLE_ENTITY).await;
    let not_an_image = app
        .http
        .post(app.url(&format!("/api/v1/conversations/{id}/messages")))
        .bearer_auth(&buyer.token)
        .multipart(
            multipart::Form::new()
                .text("text", "look")
                .part("image", multipart::Part::bytes(b"not a picture".to_vec())),
        )
        .send()
        .await
        .unwrap();
    assert!(!field_error(not_an_image, "image").await.is_empty());
    assert_eq!(app.count("messages").await, 0);
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn a_picture_can_be_sent_with_or_without_text() {
    let app = spawn_app().await;
    let (buyer, seller, id) = conversation(&app).await;
    let mut seller_socket = connect(&app, &seller.token).await;
    let response = app
        .http
        .post(app.url(&format!("/api/v1/conversations/{id}/messages")))
        .bearer_auth(&buyer.token)
        .multipart(multipart::Form::new().part(
            "image",
            multipart::Part::bytes(png(64, 48)).file_name("scratch.png"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let message: Value = response.json().await.unwrap();
    assert_eq!(message["text"], "");
    assert_eq!(message["image"]["width"], 64);
    let picture = app
        .http
        .get(message["image"]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(picture.status(), StatusCode::OK);
    let live = next_event(&mut seller_socket, "conversation_updated").await;
    assert_eq!(live["conversation"]["last_message"]["has_image"], true);
}

/// The status of a refused handshake.
fn refused<T>(result: Result<T, tungstenite::Error>) -> u16 {
    match result {
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("the websocket opened"),
    }
}

async fn open_socket(app: &TestApp, token: &str) -> Result<Socket, tungstenite::Error> {
    let request = ws_request(app, &format!("bazaar.v1, bearer.{token}"));
    Ok(tokio_tungstenite::connect_async(request).await?.0)
}

#[tokio::test]
async fn an_account_and_an_address_hold_a_bounded_number_of_sockets() {
    let app = spawn_app_with(|config| {
        config.socket_limits.per_account = 2;
        config.socket_limits.per_address = 3;
    })
    .await;
    let ann = app.active_buyer("ann@example.com").await;
    let bob = app.active_buyer("bob@example.com").await;
    let mut first = connect(&app, &ann.token).await;
    let _second = connect(&app, &ann.token).await;
    match open_socket(&app, &ann.token).await {
        Err(tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 429);
            assert!(response.headers().contains_key("retry-after"));
        }
        other => panic!("a third socket of one account opened: {other:?}"),
    }
    // Bob has room, but the address has not: the three sockets all come from 127.0.0.1.
    let _bobs = connect(&app, &bob.token).await;
    assert_eq!(refused(open_socket(&app, &bob.token).await), 429);

    // A closed socket gives its place back.
    first.close(None).await.unwrap();
    let reopened = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match open_socket(&app, &ann.token).await {
                Ok(socket) => return socket,
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    })
    .await;
    assert!(reopened.is_ok(), "the closed socket's place was not freed");
}

#[tokio::test]
async fn a_client_that_stops_reading_is_let_go() {
    let app = spawn_app().await;
    let (buyer, seller, _) = conversation(&app).await;
    let mut seller_socket = connect(&app, &seller.token).await;

    // A client with a tiny receive window that sends pings and never collects the pongs.
    let tcp = TcpSocket::new_v4().unwrap();
    tcp.set_recv_buffer_size(4096).unwrap();
    let address = app.base.trim_start_matches("http://").parse().unwrap();
    let stream = tcp.connect(address).await.unwrap();
    let request = ws_request(&app, &format!("bazaar.v1, bearer.{}", buyer.token));
    let (mut stalled, _) = tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(stream))
        .await
        .unwrap();
    let online = next_event(&mut seller_socket, "presence").await;
    assert_eq!(online["online"], true);
    let flood = tokio::spawn(async move {
        let ping = Message::Ping(vec![7; 125].into());
        while stalled.send(ping.clone()).await.is_ok() {}
    });

    // The server stops waiting for it, and the buyer is no longer shown online.
    let offline = event_within(&mut seller_socket, "presence", Duration::from_secs(60)).await;
    assert_eq!(offline["user_id"], buyer.id.as_str());
    assert_eq!(offline["online"], false);
    still_open(&mut seller_socket).await;
    flood.abort();
}

#[tokio::test]
async fn a_stopping_server_sends_its_sockets_away() {
    let app = spawn_app().await;
    let buyer = app.active_buyer("ann@example.com").await;
    let mut socket = connect(&app, &buyer.token).await;
    app.state.hub.shut_down();
    assert_eq!(closed(&mut socket).await, CloseCode::Away);
}

#[tokio::test]
async fn the_websocket_refuses_strangers_and_foreign_pages() {
    let app = spawn_app().await;
    let buyer = app.active_buyer("ann@example.com").await;
    let anonymous = tokio_tungstenite::connect_async(ws_request(&app, "bazaar.v1")).await;
    assert_eq!(refused(anonymous), 401);
    let forged =
        tokio_tungstenite::connect_async(ws_request(&app, "bazaar.v1, bearer.nonsense")).await;
    assert_eq!(refused(forged), 401);

    // The web UI's cookie works from our own page, never from someone else's.
    let with_cookie = |origin: &str| {
        let mut request = ws_request(&app, "bazaar.v1");
        let headers = request.headers_mut();
        let cookie = format!("bazaar_session={}", buyer.token);
        headers.insert("cookie", HeaderValue::from_str(&cookie).unwrap());
        headers.insert("origin", HeaderValue::from_str(origin).unwrap());
        request
    };
    let foreign = tokio_tungstenite::connect_async(with_cookie("https://evil.example")).await;
    assert_eq!(refused(foreign), 403);
    let (mut own, _) = tokio_tungstenite::connect_async(with_cookie(&app.base))
        .await
        .expect("our own page may connect");
    own.send(Message::text(r#"{"type":"ping"}"#)).await.unwrap();
    next_event(&mut own, "pong").await;

    let logged_out = app
        .send_as(
            Method::POST,
            &buyer.token,
            "/api/v1/auth/logout",
            &json!({}),
        )
        .await;
    assert!(logged_out.status().is_success());
    let revoked = tokio_tungstenite::connect_async(ws_request(
        &app,
        &format!("bazaar.v1, bearer.{}", buyer.token),
    ))
    .await;
    assert_eq!(refused(revoked), 401);
}

#[tokio::test]
async fn frames_that_are_not_client_events_close_the_socket() {
    let app = spawn_app().await;
    let buyer = app.active_buyer("ann@example.com").await;
    let mut socket = connect(&app, &buyer.token).await;
    socket
        .send(Message::text(r#"{"type":"deliver","to":"everyone"}"#))
        .await
        .unwrap();
    assert_eq!(u16::from(closed(&mut socket).await), 1007);
}

#[tokio::test]
async fn presence_and_typing_reach_only_the_other_side() {
    let app = spawn_app().await;
    let (buyer, seller, id) = conversation(&app).await;
    say(&app, &buyer, &id, "Hello?").await;
    let mut seller_socket = connect(&app, &seller.token).await;

    let buyer_socket = connect(&app, &buyer.token).await;
    let online = next_event(&mut seller_socket, "presence").await;
    assert_eq!(online["user_id"], buyer.id.as_str());
    assert_eq!(online["online"], true);
    let listed = inbox(&app, &seller).await;
    assert_eq!(listed[0]["buyer"]["presence"]["online"], true);
    assert_eq!(listed[0]["shop"]["presence"]["online"], true);

    let mut buyer_socket = buyer_socket;
    let typing = json!({"type": "typing", "conversation_id": id}).to_string();
    buyer_socket.send(Message::text(typing)).await.unwrap();
    let heard = next_event(&mut seller_socket, "typing").await;
    assert_eq!(heard["conversation_id"], id.as_str());
    assert_eq!(heard["user_id"], buyer.id.as_str());

    // A stranger typing "in" the conversation reaches nobody.
    let stranger = app.active_buyer("eve@example.com").await;
    let mut stranger_socket = connect(&app, &stranger.token).await;
    let typing = json!({"type": "typing", "conversation_id": id}).to_string();
    stranger_socket.send(Message::text(typing)).await.unwrap();
    no_event(&mut seller_socket, "typing").await;

    buyer_socket.close(None).await.unwrap();
    let offline = next_event(&mut seller_socket, "presence").await;
    assert_eq!(offline["user_id"], buyer.id.as_str());
    assert_eq!(offline["online"], false);
    assert!(offline["last_seen"].is_string());
    let listed = inbox(&app, &seller).await;
    assert_eq!(listed[0]["buyer"]["presence"]["online"], false);
}

#[tokio::test]
#[ignore = "needs PostgreSQL, where instances meet through LISTEN/NOTIFY; cargo xtask test runs it there"]
async fn a_message_reaches_a_socket_held_by_another_instance() {
    let app = spawn_app().await;
    assert_eq!(
        app.state.db.dialect,
        bazaar::db::Dialect::Postgres,
        "set TEST_DATABASE_URL to a PostgreSQL server"
    );
    let other = spawn_instance_beside(&app).await;
    let (buyer, seller, id) = conversation(&app).await;
    let mut seller_socket = connect(&other, &seller.token).await;
    let mut buyer_socket = connect(&app, &buyer.token).await;
    assert_eq!(
        next_event(&mut seller_socket, "presence").await["online"],
        true
    );

    assert_eq!(
        say(&app, &buyer, &id, "hello from one").await.status(),
        StatusCode::CREATED
    );
    let live = next_event(&mut seller_socket, "message_created").await;
    assert_eq!(live["message"]["text"], "hello from one");

    let own = next_event(&mut buyer_socket, "message_created").await;
    assert_eq!(own["message"]["text"], "hello from one");

    assert_eq!(
        say(&other, &seller, &id, "hello from two").await.status(),
        StatusCode::CREATED
    );
    let live = next_event(&mut buyer_socket, "message_created").await;
    assert_eq!(live["message"]["text"], "hello from two");

    // Too long for a notification: it crosses as a stored event.
    let long = "€".repeat(4000);
    assert_eq!(
        say(&other, &seller, &id, &long).await.status(),
        StatusCode::CREATED
    );
    let live = next_event(&mut buyer_socket, "message_created").await;
    assert_eq!(live["message"]["text"], long.as_str());
}
