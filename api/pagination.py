from rest_framework import pagination

MAX_OFFSET = 10**9  # beyond any real list; keeps OFFSET within every database's integer range


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 200

    def get_offset(self, request):
        return min(super().get_offset(request), MAX_OFFSET)
