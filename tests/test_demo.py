"""The demo municipality loads and loading it again changes nothing."""

from municipality.policy import demo
from municipality.policy.demo.users import demo_accounts
from plone import api


def snapshot(portal):
    """Paths, users and local roles of the site: what a second load must keep."""
    catalog = api.portal.get_tool("portal_catalog")
    paths = sorted(b.getPath() for b in catalog.unrestrictedSearchResults())
    users = sorted(u.getId() for u in api.user.get_users())
    groups = sorted(g.getId() for g in api.group.get_groups())
    local_roles = sorted(
        (b.getPath(), tuple(sorted(b._unrestrictedGetObject().get_local_roles())))
        for b in catalog.unrestrictedSearchResults()
    )
    return paths, users, groups, local_roles


class TestDemo:
    def test_archive_creator_and_sub_archive_creators(self, demo_portal):
        creator = demo_portal["esimerkkikunta"]
        assert creator.portal_type == "ArchiveCreator"
        assert creator.code == "ESIM"
        assert creator.title == "Esimerkkikunta"
        subs = {
            o.getId(): o
            for o in creator.objectValues()
            if o.portal_type == "SubArchiveCreator"
        }
        assert {"valtuusto", "kunnanhallitus", "sivistyslautakunta"} <= set(subs)
        assert "tekninen-lautakunta" in subs
        assert subs["tekninen-lautakunta"].title == "Tekninen lautakunta"

    def test_demo_users_for_every_role(self, demo_portal):
        from municipality.policy.security.model import ROLE_IDS

        roles_with_users = {role for _, _, role, _, _ in demo_accounts()}
        assert roles_with_users == set(ROLE_IDS)
        for user_id, *_ in demo_accounts():
            assert api.user.get(userid=user_id) is not None, user_id

    def test_demo_password_authenticates(self, demo_portal):
        from municipality.policy.demo.users import DEMO_PASSWORD

        acl = api.portal.get_tool("acl_users")
        assert acl.authenticate("arkistojohtaja", DEMO_PASSWORD, demo_portal.REQUEST)
        assert not acl.authenticate("arkistojohtaja", "wrong", demo_portal.REQUEST)

    def test_load_is_idempotent(self, demo_portal):
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import setRoles

        before = snapshot(demo_portal)
        setRoles(demo_portal, TEST_USER_ID, ["Manager"])
        demo.load(demo_portal)
        assert snapshot(demo_portal) == before

    def test_public_reaches_the_public_diary(self, demo_portal):
        """The demo publishes its organisation and registry: anonymous visitors
        reach the diary, while what each case shows stays with its own workflow."""
        from AccessControl.PermissionRole import rolesForPermissionOn
        from municipality.policy.security import chain
        from municipality.policy.security.model import CASE_PUBLISHED_STATES

        def anonymous_may_view(obj):
            return "Anonymous" in rolesForPermissionOn("View", obj)

        creator = demo_portal["esimerkkikunta"]
        registry = creator["kirjaamo"]
        for obj in (creator, creator["sivistyslautakunta"], registry):
            assert api.content.get_state(obj) == "published"
            assert anonymous_may_view(obj)
        cases = [c for c in registry.objectValues() if c.portal_type == "Case"]
        secret = [c for c in cases if c.publicity_class == "secret"]
        assert secret and not any(anonymous_may_view(c) for c in secret)
        # public, but with personal data: staff read it, the public does not
        personal = [c for c in cases if chain.exposure(c) == "internal"]
        assert personal and not any(anonymous_may_view(c) for c in personal)
        assert all("Staff" in rolesForPermissionOn("View", c) for c in personal)
        decided = [
            c
            for c in cases
            if chain.exposure(c) == "public"
            and api.content.get_state(c) in CASE_PUBLISHED_STATES
        ]
        assert decided and all(anonymous_may_view(c) for c in decided)
