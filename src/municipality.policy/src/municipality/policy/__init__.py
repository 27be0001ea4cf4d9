"""municipality.policy: Kuntaportaali policy add-on."""

from zope.i18nmessageid import MessageFactory


_ = MessageFactory("municipality")
