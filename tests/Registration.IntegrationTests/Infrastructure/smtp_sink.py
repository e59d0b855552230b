"""A real SMTP server for the integration tests, on Debian's python3-aiosmtpd (scripts/test installs it).

Listens on 127.0.0.1 at a free port, prints that port on its first line of output, and writes every message it
accepts to DIRECTORY/NNNNN.eml exactly as received, with the envelope's recipients in a first header line
(X-Envelope-To); each file is written under a temporary name and then renamed, so a reader never sees half a message.
While DIRECTORY/refuse-next holds a number N > 0, the next N messages are refused with a temporary failure (451), as a
server in trouble does, and N is counted down. Serves until its standard input closes (the test process ended).

    /usr/bin/python3 smtp_sink.py DIRECTORY
"""
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def _refuse(self):
        control = os.path.join(self.directory, "refuse-next")
        try:
            with open(control) as f:
                left = int(f.read().strip() or "0")
        except FileNotFoundError:
            return False
        if left <= 0:
            return False
        with open(control, "w") as f:
            f.write(str(left - 1))
        return True

    async def handle_DATA(self, server, session, envelope):
        if self._refuse():
            return "451 4.3.0 Temporarily refused by the test server"
        self.count += 1
        name = os.path.join(self.directory, "%05d.eml" % self.count)
        header = ("X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode("ascii", "replace")
        with open(name + ".tmp", "wb") as f:
            f.write(header + envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 Stored"


async def main(directory):
    loop = asyncio.get_running_loop()
    handler = Sink(directory)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-sink.test", decode_data=False, enable_SMTPUTF8=True), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    closed = loop.create_future()
    loop.add_reader(sys.stdin.fileno(), lambda: closed.done() or (sys.stdin.buffer.read1(4096) or closed.set_result(None)))
    await closed
    server.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
