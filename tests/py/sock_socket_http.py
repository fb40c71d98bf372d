import os, socket, socketserver, http.server, http.client, io, sys

class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ('path=' + self.path).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

srv = socketserver.TCPServer(('127.0.0.1', 0), H)
port = srv.server_address[1]
pid = os.fork()
if pid == 0:
    srv.handle_request()
    srv.server_close()
    os._exit(0)
srv.server_close()
c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
c.request('GET', '/hello?x=1')
r = c.getresponse()
print(r.status, r.reason, r.read())
c.close()
os.waitpid(pid, 0)
