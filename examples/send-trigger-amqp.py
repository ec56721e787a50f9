#!/usr/bin/env python3
"""Posts one trigger to Castellan's broker over AMQP 1.0 (Debian: apt-get install python3-qpid-proton).

usage: send-trigger-amqp.py URL NAME TOKEN PROCESS JSON
  URL     the broker, e.g. amqp://127.0.0.1:61616
  NAME    the API token's name
  TOKEN   the token itself, of the operator role (the broker refuses anything else)
  PROCESS the process to wake
  JSON    the trigger's payload, a JSON object
Exits 0 once the broker has accepted the message, 1 if it refused it or the sign-in.
"""
import sys

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Sender(MessagingHandler):
    def __init__(self, url, name, token, process, body):
        super().__init__()
        self.url, self.name, self.token, self.process, self.body = url, name, token, process, body
        self.accepted = False

    def on_start(self, event):
        # SASL PLAIN: the token's name and the token
        connection = event.container.connect(self.url, user=self.name, password=self.token,
                                             allowed_mechs="PLAIN", allow_insecure_mechs=True)
        event.container.create_sender(connection, "castellan.triggers")

    def on_sendable(self, event):
        if event.sender.credit and not self.accepted:
            event.sender.send(Message(body=self.body, properties={"process": self.process}, durable=True))

    def on_accepted(self, event):
        self.accepted = True
        event.connection.close()

    def on_rejected(self, event):
        print("refused:", event.delivery.remote.condition, file=sys.stderr)
        event.connection.close()

    def on_transport_error(self, event):
        print("refused:", event.transport.condition, file=sys.stderr)
        super().on_transport_error(event)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sender = Sender(*sys.argv[1:])
    Container(sender).run()
    sys.exit(0 if sender.accepted else 1)
