"""What the tests of the documents app share."""


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()
