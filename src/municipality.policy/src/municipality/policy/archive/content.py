"""Where archive creators were defined before they moved to ``organisation``.

Sites created before upgrade 1013 hold pickles naming
``municipality.policy.archive.content.ArchiveCreator``; this alias lets them
load. New code imports ``municipality.policy.organisation.content``.
"""

from municipality.policy.organisation.content import ArchiveCreator  # noqa: F401
from municipality.policy.organisation.content import IArchiveCreator  # noqa: F401
from municipality.policy.organisation.content import ISubArchiveCreator  # noqa: F401
from municipality.policy.organisation.content import SubArchiveCreator  # noqa: F401
