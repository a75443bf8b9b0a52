"""Pages of OpenAI's ``GET /files`` as a server answers them (tests/test_full_spec.py,
tests/test_go_target.py, tests/test_perl_target.py walk them with each client): two files a
page, ``last_id`` and ``has_more`` as the spec's ListFilesResponse has them."""

from __future__ import annotations

import json

from recording_server import Reply

# What the server sees when a client walks list_files(limit=2) over two pages.
QUERIES = [[("limit", "2")], [("limit", "2"), ("after", "file-2")]]


def files_page(ids: list[int], more: bool) -> Reply:
    files = [
        {
            "id": f"file-{i}",
            "object": "file",
            "bytes": 1,
            "created_at": 1,
            "filename": "a",
            "purpose": "assistants",
            "status": "processed",
        }
        for i in ids
    ]
    body = {"object": "list", "data": files, "first_id": files[0]["id"], "last_id": files[-1]["id"], "has_more": more}
    return Reply(chunks=[json.dumps(body).encode()])
