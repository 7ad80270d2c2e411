from django import template

from privacy import operations

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def operation_label(code):
    """The label of a processing operation (the code itself for an unregistered one)."""
    return operations.label(code)
