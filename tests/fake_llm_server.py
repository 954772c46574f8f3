"""A local OpenAI-compatible HTTP server for tests: scripted replies, delays and failures."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    """`/v1/chat/completions` on 127.0.0.1; set `reply`, `delay`, `status` per test."""

    def __init__(self):
        self.reply = "NOT_IN_SOURCES"
        self.delay = 0.0
        self.status = 200
        self.requests: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                owner.requests.append(body)
                time.sleep(owner.delay)
                if owner.status != 200:
                    self.send_response(owner.status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "server exploded", "type": "server_error"}}')
                    return
                reply = owner.reply(body) if callable(owner.reply) else owner.reply
                if self.path.endswith("/api/chat"):  # Ollama's native API
                    self._ollama(body, reply)
                    return
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for i in range(0, len(reply), 8):
                        chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                                 "choices": [{"index": 0, "delta": {"content": reply[i:i + 8]}, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                data = {
                    "id": "x", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": reply},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                out = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def _ollama(self, body, reply):
                done = {"model": body.get("model", "m"), "created_at": "2024-01-01T00:00:00Z", "done": True,
                        "done_reason": "stop", "message": {"role": "assistant", "content": reply}}
                self.send_response(200)
                if body.get("stream", True):
                    self.send_header("Content-Type", "application/x-ndjson")
                    self.end_headers()
                    for i in range(0, len(reply), 8):
                        part = {"model": done["model"], "created_at": done["created_at"], "done": False,
                                "message": {"role": "assistant", "content": reply[i:i + 8]}}
                        self.wfile.write((json.dumps(part) + "\n").encode())
                    done["message"]["content"] = ""
                    self.wfile.write((json.dumps(done) + "\n").encode())
                    return
                out = json.dumps(done).encode()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.root}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
