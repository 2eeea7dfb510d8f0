"""The hub's proxy: PyPI's configurable-http-proxy, with room for a whole class at once.

That proxy forwards every request with Tornado's HTTP client, which by default sends at most
10 requests at a time and fails the others with "503 Timeout in request queue" once they
have waited 20 s. A class logging in together holds more than 10 slow requests (starting a
server answers after up to 10 s; each spawn page keeps its progress stream open), so
`benchmarks/hub_class.py` saw 18 of 40 trainees refused. It also gives up on any request,
a kernel's websocket handshake included, after 20 s (the Node.js original waits), which a
busy server under a class starting at once can take. Both limits are raised here before the
proxy starts; `jupyterhub_config.py` runs `python -m course.hub.proxy` with the usual
configurable-http-proxy arguments.

It also passes websockets on as the Node.js original does, where the port does not: it answers
with the subprotocol the server behind it chose (the port drops it, so JupyterLab's kernel
connection, which asks for `v1.kernel.websocket.jupyter.org`, failed its handshake, logged an
error in every trainee's browser and fell back to the older protocol), and it forwards the
browser's binary frames as binary (the port sends them on as text, which that protocol breaks).
"""
import resource
import sys

MAX_CLIENTS = 1000  # requests in flight to the hub and the servers; each holds two files
PROXY_TIMEOUT_MS = 300_000  # per proxied request (Spawner.http_timeout is 120 s)


def main() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * MAX_CLIENTS if hard == resource.RLIM_INFINITY else min(hard, 4 * MAX_CLIENTS)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=MAX_CLIENTS)
    from configurable_http_proxy.cli import main as proxy_main
    from configurable_http_proxy.handlers import ProxyHandler

    def select_subprotocol(self, subprotocols):
        # The connection to the server is made before the browser's handshake is answered.
        chosen = getattr(getattr(self, "ws_client", None), "selected_subprotocol", None)
        return chosen if chosen in subprotocols else None

    def on_message(self, message):
        if self.ws_client:
            prefix = self.target["prefix"] if self.target else ""
            if prefix:
                self.proxy.update_last_activity(prefix)
            self.ws_client.write_message(message, binary=isinstance(message, bytes))

    ProxyHandler.select_subprotocol = select_subprotocol
    ProxyHandler.on_message = on_message

    args = sys.argv[1:]
    if not any(a.startswith("--proxy-timeout") for a in args):
        args += ["--proxy-timeout", str(PROXY_TIMEOUT_MS)]
    return proxy_main(args)


if __name__ == "__main__":
    sys.exit(main())
