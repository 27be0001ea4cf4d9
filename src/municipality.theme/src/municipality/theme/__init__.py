"""municipality.theme: Kuntaportaali theme add-on."""

from zope.i18nmessageid import MessageFactory


_ = MessageFactory("municipality")
