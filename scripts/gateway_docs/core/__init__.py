"""The concepts every pipeline stage shares, each in one module.

- :mod:`.diagnostics`: the one ``Problem`` type (file, line, column, rule, pointer), its text and JSON forms, and the
  errors a user can trigger.
- :mod:`.pointer`: JSON pointers (RFC 6901): building, escaping, splitting, getting.
- :mod:`.refs`: ``$ref`` walking: every ref in a tree, following a chain, the refs a node reaches.
- :mod:`.http`: the HTTP methods of a path item and the operations of a spec.
- :mod:`.slugs`: the slug of an operation and of a schema, de-duplicated the same way for every output.
- :mod:`.files`: atomic writes and the "write if changed, else --check fails" step of every generator.
- :mod:`.media_examples`: the examples of a request body or response, in spec order.
- :mod:`.json_scan`: scanning JSON text by offset (the loader's locator and the docs.json splicer).
- :mod:`.oas_schema`: an OpenAPI Schema Object as JSON Schema (OAS 3.0 ``nullable``), for checking instances.
"""
