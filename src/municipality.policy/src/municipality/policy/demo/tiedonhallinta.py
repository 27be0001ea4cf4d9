"""Demo step: the link to the TiHL 28 § description under "Kunnan tiedot"
(``archive.sahke2_setup.link_description``; the installer ran before the
demo made the folder). Idempotent."""

from municipality.policy.archive import sahke2_setup


def load(portal):
    sahke2_setup.link_description(portal)
