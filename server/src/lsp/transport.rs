//! LSP framing between the editor and tower-lsp-server, so that no input can end the session.
//!
//! Why: tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream
//! after the first decode error: one malformed message and the server stops listening. Here the
//! client's frames are parsed by us; well-formed JSON objects are passed on to tower-lsp-server
//! through an in-process pipe, anything else is answered with the JSON-RPC error the
//! specification asks for (`-32700` parse error, `-32600` invalid request) and the reader
//! resynchronises on the next `Content-Length` header. Our error replies are written between the
//! server's whole frames, never inside one.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use super::prepared::PreparedAnswers;

/// Bodies larger than this are refused (and skipped): no real LSP message comes near it, and the
/// limit keeps a hostile `Content-Length` from allocating gigabytes.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// One framed message read from the client.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A body that parsed as a JSON object.
    Message(Vec<u8>),
    /// Something to answer with an error: (JSON-RPC code, message).
    Refused(i64, String),
}

/// Reads the next frame from the client; `None` at the end of input.
pub async fn read_frame(input: &mut (impl AsyncBufRead + Unpin)) -> Option<Frame> {
    read_frame_limited(input, MAX_BODY, true).await
}

/// Reads the next frame, refusing bodies over `max_body` bytes; with `validate`, a body that is
/// not a JSON object is refused too (the client's frames; the server's own are trusted as they are).
async fn read_frame_limited(input: &mut (impl AsyncBufRead + Unpin), max_body: usize, validate: bool) -> Option<Frame> {
    let mut content_length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = input.read_until(b'\n', &mut line).await.ok()?;
        if n == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between messages
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                content_length =
                    Some(value.trim().parse::<usize>().map_err(|_| format!("bad Content-Length `{}`", value.trim())));
            }
        }
    }
    let length = match content_length {
        None => return Some(Frame::Refused(-32700, "a message header without Content-Length".into())),
        Some(Err(reason)) => return Some(Frame::Refused(-32700, reason)),
        Some(Ok(length)) => length,
    };
    if length > max_body {
        // Skip the body as it arrives, without keeping it.
        let skipped = tokio::io::copy(&mut input.take(length as u64), &mut tokio::io::sink()).await.ok()?;
        if skipped < length as u64 {
            return None;
        }
        return Some(Frame::Refused(
            -32700,
            format!("a message of {length} bytes is larger than the {MAX_BODY} bytes accepted"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).await.ok()?;
    if !validate {
        return Some(Frame::Message(body));
    }
    Some(match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(serde_json::Value::Object(_)) => Frame::Message(body),
        Ok(_) => Frame::Refused(-32600, "a message must be a JSON object (batches are not part of LSP)".into()),
        Err(e) => Frame::Refused(-32700, format!("the message is not valid JSON: {e}")),
    })
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_response(code: i64, message: &str) -> Vec<u8> {
    let body = serde_json::json!({ "jsonrpc": "2.0", "id": null, "error": { "code": code, "message": message } });
    framed(body.to_string().as_bytes())
}

/// Copies client frames to the server pipe; sends refusals to the output side.
pub async fn pump_input(
    client: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut input = BufReader::new(client);
    while let Some(frame) = read_frame(&mut input).await {
        match frame {
            Frame::Message(body) => {
                if to_server.write_all(&framed(&body)).await.is_err() {
                    break;
                }
                let _ = to_server.flush().await;
            }
            Frame::Refused(code, message) => {
                tracing::error!("refused a client message: {message}");
                let _ = errors.send(error_response(code, &message));
            }
        }
    }
    // End of input: closing the pipe lets tower-lsp-server see it and stop.
    let _ = to_server.shutdown().await;
}

/// Reads the server's frames whole and queues them for the client, in the channel our error
/// replies also go through: each message is sent as one unit, so nothing can be interleaved
/// inside another, and no read is ever cancelled halfway (a `select!` over `read_frame` would
/// lose the bytes already read when the other branch won). A placeholder for an answer prepared
/// by a handler is replaced by that answer here (see `prepared`).
pub async fn pump_server_frames(
    from_server: impl AsyncRead + Unpin,
    to_client: mpsc::UnboundedSender<Vec<u8>>,
    prepared: std::sync::Arc<PreparedAnswers>,
) {
    let mut server = BufReader::new(from_server);
    // The server's own frames are trusted: no size limit and no second JSON parse on this side.
    while let Some(Frame::Message(body)) = read_frame_limited(&mut server, usize::MAX, false).await {
        let body = prepared.splice(&body).unwrap_or(body);
        if to_client.send(framed(&body)).is_err() {
            return;
        }
    }
    // The server has finished: tell the writer, whose queue the input side may keep open.
    let _ = to_client.send(Vec::new());
}

/// Copies the client's bytes (stdin) into the framing layer's pipe, from a thread of its own with
/// blocking reads: a message reaches the protocol thread one wake-up after it arrives (tokio's
/// stdin hands every read to its blocking pool and back). `runtime` drives the pipe writes.
pub fn read_input(
    mut client: impl std::io::Read,
    mut to_framing: impl AsyncWrite + Unpin,
    runtime: tokio::runtime::Handle,
) {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = match client.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if runtime.block_on(to_framing.write_all(&buffer[..n])).is_err() {
            return;
        }
    }
    // End of input: the framing layer sees it and closes the server's pipe in turn.
    let _ = runtime.block_on(to_framing.shutdown());
}

/// Writes the queued frames to the client, in order, each whole, until the empty frame that
/// marks the end of the server's output. Runs on a thread of its own with blocking writes: a
/// reply reaches the pipe one thread hand-off after it is queued (tokio's stdout goes through
/// the blocking pool and waits for the write to come back), and a client slow to read never
/// blocks the protocol thread.
pub fn write_frames<W: std::io::Write>(mut client: W, mut frames: mpsc::UnboundedReceiver<Vec<u8>>) -> W {
    while let Some(bytes) = frames.blocking_recv().filter(|b| !b.is_empty()) {
        if client.write_all(&bytes).is_err() || client.flush().is_err() {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = BufReader::new(input);
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).await {
            out.push(frame);
        }
        out
    }

    #[tokio::test]
    async fn good_and_bad_frames() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Length: 9\r\n\r\n{not jsonContent-Length: 2\r\n\r\n[]content-length:  2 \r\nContent-Type: x\r\n\r\n{}";
        let got = frames(input).await;
        assert_eq!(got[0], Frame::Message(b"{}".to_vec()));
        assert!(matches!(&got[1], Frame::Refused(-32700, m) if m.contains("not valid JSON")));
        assert!(matches!(&got[2], Frame::Refused(-32600, _)));
        assert_eq!(got[3], Frame::Message(b"{}".to_vec()), "header names are case-insensitive");
        assert_eq!(got.len(), 4);
    }

    #[tokio::test]
    async fn broken_headers_are_refused_and_reading_goes_on() {
        let got = frames(b"Content-Length: abc\r\n\r\nX-Other: 1\r\n\r\nContent-Length: 2\r\n\r\n{}").await;
        assert!(matches!(&got[0], Frame::Refused(-32700, m) if m.contains("bad Content-Length")));
        assert!(matches!(&got[1], Frame::Refused(-32700, m) if m.contains("without Content-Length")));
        assert_eq!(got[2], Frame::Message(b"{}".to_vec()));
    }

    #[tokio::test]
    async fn an_error_reply_never_lands_inside_a_server_frame() {
        use tokio::io::AsyncWriteExt;
        let (mut server_side, from_server) = tokio::io::duplex(1 << 16);
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(pump_server_frames(from_server, tx.clone(), Default::default()));
        let writer = std::thread::spawn(move || write_frames(Vec::new(), rx));
        let body = format!("{{\"padding\":\"{}\"}}", "x".repeat(4000));
        let frame = framed(body.as_bytes());
        server_side.write_all(&frame[..frame.len() / 2]).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        tx.send(error_response(-32700, "bad")).unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        server_side.write_all(&frame[frame.len() / 2..]).await.unwrap();
        drop(server_side);
        let out = tokio::task::spawn_blocking(move || writer.join().unwrap()).await.unwrap();
        let got = frames(&out).await;
        assert_eq!(got.len(), 2, "two whole frames");
        assert!(got.contains(&Frame::Message(body.into_bytes())));
    }

    #[tokio::test]
    async fn a_truncated_body_ends_the_input() {
        assert!(frames(b"Content-Length: 10\r\n\r\n{}").await.is_empty());
    }

    #[tokio::test]
    async fn a_huge_length_is_skipped_without_allocating_it() {
        let mut input = format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1).into_bytes();
        input.extend(std::iter::repeat_n(b' ', MAX_BODY + 1));
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let got = frames(&input).await;
        assert!(matches!(&got[0], Frame::Refused(-32700, _)));
        assert_eq!(got[1], Frame::Message(b"{}".to_vec()));
    }
}
