"""Generate the workflow and rolemap profile XML from ``security.model``.

Run ``python -m municipality.policy.security.generate`` (from the buildout's
``bin/zopepy`` or any interpreter with the package importable) after editing
the table; ``tests/test_security_table.py`` fails while the profile differs.
"""

from municipality.policy.security.model import ADMIN_ROLES
from municipality.policy.security.model import INTRANET_ROLE_IDS
from municipality.policy.security.model import PROVIDED_ROLE_IDS
from municipality.policy.security.model import ROLE_IDS
from municipality.policy.security.model import SITE_PERMISSIONS
from municipality.policy.security.model import WORKFLOWS
from municipality.policy.security.model import permissions_of
from municipality.policy.security.model import roles_for
from municipality.policy.security.model import transition_expression
from municipality.policy.security.model import transition_roles
from pathlib import Path
from xml.sax.saxutils import quoteattr


PROFILE = Path(__file__).resolve().parent.parent / "profiles" / "default"
HEADER = '<?xml version="1.0" encoding="utf-8"?>\n'
NOTE = (
    "<!-- Generated from municipality/policy/security/model.py by "
    "security/generate.py: do not edit by hand. -->\n"
)


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def definition_xml(workflow):
    """The DCWorkflow ``definition.xml`` of one workflow of the table."""
    perms = permissions_of(workflow)
    out = [HEADER, NOTE]
    out.append(
        f"<dc-workflow workflow_id={quoteattr(workflow.id)}"
        f" title={quoteattr(workflow.title)}"
        f" description={quoteattr(f'{workflow.family} / {workflow.variant}')}"
        f' state_variable="review_state" initial_state={quoteattr(workflow.initial)}'
        ' manager_bypass="False">\n'
    )
    for perm in perms:
        out.append(f"  <permission>{_esc(perm)}</permission>\n")
    for state, title in workflow.states:
        out.append(f"  <state state_id={quoteattr(state)} title={quoteattr(title)}>\n")
        for tid, _title, sources, _target, _roles in workflow.transitions:
            if state in sources:
                out.append(f"    <exit-transition transition_id={quoteattr(tid)} />\n")
        for perm in perms:
            out.append(
                f'    <permission-map name={quoteattr(perm)} acquired="False">\n'
            )
            for role in roles_for(workflow.id, state, perm):
                out.append(f"      <permission-role>{_esc(role)}</permission-role>\n")
            out.append("    </permission-map>\n")
        out.append("  </state>\n")
    for tid, title, _sources, target, _roles in workflow.transitions:
        out.append(
            f"  <transition transition_id={quoteattr(tid)} title={quoteattr(title)}"
            f' new_state={quoteattr(target)} trigger="USER"'
            ' before_script="" after_script="">\n'
        )
        url = f"%(content_url)s/content_status_modify?workflow_action={tid}"
        out.append(
            f'    <action url={quoteattr(url)} category="workflow" icon="">'
            f"{_esc(title)}</action>\n"
        )
        out.append("    <guard>\n")
        for role in transition_roles(workflow.id, tid):
            out.append(f"      <guard-role>{_esc(role)}</guard-role>\n")
        expression = transition_expression(workflow.id, tid)
        if expression:
            out.append(
                f"      <guard-expression>{_esc(expression)}</guard-expression>\n"
            )
        out.append("    </guard>\n")
        out.append("  </transition>\n")
    out.append(
        '  <variable variable_id="action" for_catalog="False" for_status="True"'
        ' update_always="True">\n'
        "    <description>Previous transition</description>\n"
        "    <default><expression>transition/getId|nothing</expression></default>\n"
        "    <guard>\n    </guard>\n  </variable>\n"
        '  <variable variable_id="actor" for_catalog="False" for_status="True"'
        ' update_always="True">\n'
        "    <description>The ID of the user who performed the previous transition"
        "</description>\n"
        "    <default><expression>user/getId</expression></default>\n"
        "    <guard>\n    </guard>\n  </variable>\n"
        '  <variable variable_id="comments" for_catalog="False" for_status="True"'
        ' update_always="True">\n'
        "    <description>Comment about the last transition</description>\n"
        "    <default><expression>python:state_change.kwargs.get('comment', '')"
        "</expression></default>\n"
        "    <guard>\n    </guard>\n  </variable>\n"
        '  <variable variable_id="review_history" for_catalog="False"'
        ' for_status="False" update_always="False">\n'
        "    <description>Provides access to workflow history</description>\n"
        "    <default><expression>state_change/getHistory</expression></default>\n"
        "    <guard>\n"
        "      <guard-permission>Review portal content</guard-permission>\n"
        "    </guard>\n  </variable>\n"
        '  <variable variable_id="time" for_catalog="False" for_status="True"'
        ' update_always="True">\n'
        "    <description>When the previous transition was performed</description>\n"
        "    <default><expression>state_change/getDateTime</expression></default>\n"
        "    <guard>\n    </guard>\n  </variable>\n"
    )
    out.append("</dc-workflow>\n")
    return "".join(out)


def workflows_xml():
    """``workflows.xml``: every workflow of the table and the type bindings."""
    out = [
        HEADER,
        NOTE,
        '<object name="portal_workflow" meta_type="Plone Workflow Tool">\n',
    ]
    for workflow in WORKFLOWS:
        out.append(f'  <object name={quoteattr(workflow.id)} meta_type="Workflow" />\n')
    out.append("  <bindings>\n")
    for workflow in WORKFLOWS:
        for type_id in workflow.types:
            out.append(f"    <type type_id={quoteattr(type_id)}>\n")
            out.append(
                f"      <bound-workflow workflow_id={quoteattr(workflow.id)} />\n"
            )
            out.append("    </type>\n")
    out.append("  </bindings>\n</object>\n")
    return "".join(out)


def rolemap_xml():
    """``rolemap.xml``: the chain's roles and this package's site permissions."""
    out = [HEADER, NOTE, "<rolemap>\n  <roles>\n"]
    for role in ROLE_IDS + PROVIDED_ROLE_IDS + INTRANET_ROLE_IDS:
        out.append(f"    <role name={quoteattr(role)} />\n")
    out.append("  </roles>\n  <permissions>\n")
    for _id, title, roles in SITE_PERMISSIONS:
        out.append(f'    <permission name={quoteattr(title)} acquire="True">\n')
        for role in sorted(set(roles) | set(ADMIN_ROLES)):
            out.append(f"      <role name={quoteattr(role)} />\n")
        out.append("    </permission>\n")
    out.append("  </permissions>\n</rolemap>\n")
    return "".join(out)


def files():
    """Relative profile path -> generated text."""
    result = {"workflows.xml": workflows_xml(), "rolemap.xml": rolemap_xml()}
    for workflow in WORKFLOWS:
        result[f"workflows/{workflow.id}/definition.xml"] = definition_xml(workflow)
    return result


def main():
    for relative, text in files().items():
        path = PROFILE / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
