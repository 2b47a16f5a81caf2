"""Every list of the API is paginated: ``?page=`` and ``?page_size=`` (50 by default, 200 at most).

Its own module: DRF imports the pagination setting while it loads its generic views.
"""

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
