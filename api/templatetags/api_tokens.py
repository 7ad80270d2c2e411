from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def api_token_context(context):
    """The profile page's token section: the user's tokens and an empty create form."""
    from api.pages import TokenForm

    user = context["request"].user
    return {"tokens": list(user.api_tokens.all()[:50]), "form": TokenForm()}
