"""The site stage: the MkDocs plugin that renders the reference pages inside ``mkdocs build``/``mkdocs serve``
(:mod:`.plugin`), the ``llms.txt`` files and Markdown copies of the pages (:mod:`.llms`), and the ``build`` verb
(:mod:`.build`)."""
