"""The change rules of ``gateway-docs diff``: every change it reports has one of these ids.

Each rule has a fixed classification (``breaking``, ``warning`` or ``safe``), a one-line summary and an example
(OLD -> NEW). ``docs/diff-rules.md`` is generated from this table (``python -m gateway_docs.diff.rules_page``).

Direction decides most classifications. A *request* schema describes what clients send, so a change that makes it
accept less (narrowing) breaks them; a *response* schema describes what clients receive, so a change that lets it
hold more (widening) breaks them, because client code was written for the old set of values.
"""
from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("breaking", "warning", "safe")


@dataclass(frozen=True)
class ChangeRule:
    id: str
    severity: str
    summary: str
    example: str
    oasdiff: str = ""  # the nearest oasdiff check category, for the comparison table in the docs

    @property
    def lint_severity(self) -> str:
        """The shared diagnostic severity (SARIF and GitHub annotations map these)."""
        return {"breaking": "error", "warning": "warn", "safe": "info"}[self.severity]

    @property
    def doc(self) -> str:
        return f"{self.summary} Example: {self.example}"


_RULES = [
    # paths and operations
    ChangeRule("path-removed", "breaking", "A path was removed: every call to it now fails with 404.",
               "`/v1/models` removed", "endpoint removed (api-path-removed-without-deprecation)"),
    ChangeRule("operation-removed", "breaking", "A method was removed from a path: calls to it fail.",
               "`DELETE /v1/models/{id}` removed", "endpoint removed (api-removed-without-deprecation)"),
    ChangeRule("operation-added", "safe", "A new operation.", "`GET /v1/models/{id}` added", "endpoint added"),
    ChangeRule("operation-id-changed", "breaking",
               "An operationId changed: generated SDKs rename the method, so client code stops compiling.",
               "`createChatCompletion` -> `chatCompletionsCreate`", "api-operation-id-updated"),
    ChangeRule("operation-deprecated", "warning", "An operation (or a schema or property) became deprecated.",
               "`deprecated: true` added", "api-deprecated / api-sunset"),
    ChangeRule("server-removed", "breaking", "A server URL was removed: clients configured with it fail.",
               "`https://gateway.example/v1` removed", "(servers: not checked by oasdiff)"),
    ChangeRule("server-added", "safe", "A server URL was added.", "`https://eu.gateway.example/v1` added", ""),
    # security
    ChangeRule("security-added", "breaking",
               "An operation that needed no credentials now requires them.",
               "`security: []` -> `security: [{HeliconeApiKey: []}]`", "api-security-added"),
    ChangeRule("security-alternative-removed", "breaking",
               "A way to authenticate was removed: clients using it get 401.",
               "`[{ApiKey: []}, {OAuth: []}]` -> `[{ApiKey: []}]`", "api-security-removed"),
    ChangeRule("security-alternative-added", "safe", "A new way to authenticate was added.",
               "`[{ApiKey: []}]` -> `[{ApiKey: []}, {OAuth: []}]`", "api-security-added (optional)"),
    ChangeRule("security-scheme-changed", "breaking",
               "A security scheme changed its type, header name or location: existing credentials stop working.",
               "`in: header, name: Authorization` -> `name: X-Api-Key`", "api-security-component-*"),
    # parameters
    ChangeRule("request-parameter-added", "safe", "A new optional parameter.", "`?limit=` added (optional)",
               "new-optional-request-parameter"),
    ChangeRule("request-required-parameter-added", "breaking",
               "A new required parameter: existing calls do not send it.", "`?project=` added, required",
               "new-required-request-parameter"),
    ChangeRule("request-parameter-removed", "warning",
               "A parameter was removed: clients still send it and it is ignored (or rejected).",
               "`?order=` removed", "request-parameter-removed"),
    ChangeRule("request-parameter-became-required", "breaking",
               "An optional parameter became required.", "`required: false` -> `required: true`",
               "request-parameter-became-required"),
    ChangeRule("request-parameter-became-optional", "safe", "A required parameter became optional.",
               "`required: true` -> `required: false`", "request-parameter-became-optional"),
    ChangeRule("request-parameter-location-changed", "breaking",
               "A parameter moved (query, header, path, cookie): clients send it in the old place.",
               "`in: query` -> `in: header`", "request-parameter-removed + new-request-parameter"),
    ChangeRule("request-parameter-style-changed", "breaking",
               "A parameter's serialisation (style/explode) changed: clients encode it the old way.",
               "`style: form, explode: true` -> `explode: false`", "request-parameter-style/explode-changed"),
    # request body
    ChangeRule("request-body-became-required", "breaking", "The request body became required.",
               "`requestBody.required: false` -> `true`", "request-body-became-required"),
    ChangeRule("request-body-became-optional", "safe", "The request body became optional.",
               "`requestBody.required: true` -> `false`", "request-body-became-optional"),
    ChangeRule("request-media-type-removed", "breaking",
               "A request content type is no longer accepted.", "`application/x-www-form-urlencoded` removed",
               "request-body-media-type-removed"),
    ChangeRule("request-media-type-added", "safe", "A new request content type is accepted.",
               "`multipart/form-data` added", "request-body-media-type-added"),
    # request schemas (narrowing breaks)
    ChangeRule("request-property-removed", "breaking",
               "A request field was removed from a closed object (additionalProperties: false): clients that "
               "send it are rejected with 400.", "`user` removed from CreateChatCompletionRequest",
               "request-property-removed"),
    ChangeRule("request-property-removed-open", "warning",
               "A request field was removed from an open object: clients may still send it but it is ignored.",
               "`user` removed (additionalProperties allowed)", "request-property-removed"),
    ChangeRule("request-property-added", "safe", "A new optional request field.", "`seed` added (optional)",
               "new-optional-request-property"),
    ChangeRule("request-required-property-added", "breaking",
               "A new required request field: existing requests do not send it.", "`project` added and required",
               "new-required-request-property"),
    ChangeRule("request-property-became-required", "breaking", "An optional request field became required.",
               "`model` added to `required`", "request-property-became-required"),
    ChangeRule("request-property-became-optional", "safe", "A required request field became optional.",
               "`model` removed from `required`", "request-property-became-optional"),
    ChangeRule("request-enum-value-removed", "breaking",
               "An enum value is no longer accepted in a request.", "`reasoning_effort: [low, medium, high]` -> "
               "`[low, high]`", "request-property-enum-value-removed"),
    ChangeRule("request-enum-value-added", "safe", "A new enum value is accepted in a request.",
               "`[low, high]` -> `[low, medium, high]`", "request-property-enum-value-added"),
    ChangeRule("request-type-changed", "breaking",
               "A request value's type was narrowed or changed: values clients send are rejected.",
               "`type: [string, array]` -> `type: string`", "request-property-type-changed"),
    ChangeRule("request-type-widened", "safe", "A request value accepts more types.",
               "`type: integer` -> `type: number`", "request-property-type-generalized"),
    ChangeRule("request-nullable-removed", "breaking", "A request value no longer accepts null.",
               "`nullable: true` removed", "request-property-became-not-nullable"),
    ChangeRule("request-nullable-added", "safe", "A request value now accepts null.", "`nullable: true` added",
               "request-property-became-nullable"),
    ChangeRule("request-bound-tightened", "breaking",
               "A request bound (minimum, maximum, length, items, pattern) got tighter: values that were valid "
               "are rejected.", "`maximum: 2` -> `maximum: 1`", "request-property-max-decreased, ..."),
    ChangeRule("request-bound-loosened", "safe", "A request bound got looser.", "`maxItems: 4` -> `maxItems: 8`",
               "request-property-max-increased, ..."),
    ChangeRule("request-additional-properties-closed", "breaking",
               "A request object stopped accepting unknown fields (additionalProperties: false).",
               "`additionalProperties: true` -> `false`", "(not an oasdiff check)"),
    ChangeRule("request-union-variant-removed", "breaking",
               "A oneOf/anyOf variant is no longer accepted in a request.",
               "message variant `developer` removed", "request-property-one-of-removed / any-of-removed"),
    ChangeRule("request-union-variant-added", "safe", "A new oneOf/anyOf variant is accepted in a request.",
               "message variant `developer` added", "request-property-one-of-added"),
    # responses (widening breaks)
    ChangeRule("response-status-added", "breaking",
               "A new response status and no `default` response: clients do not handle it.",
               "`409` added", "response-non-success-status-added / response-success-status-added"),
    ChangeRule("response-status-added-with-default", "safe",
               "A new response status, already covered by the old `default` response.", "`409` added beside "
               "`default`", ""),
    ChangeRule("response-success-status-removed", "breaking",
               "A success (2xx) response was removed: clients expecting it get something else.", "`200` removed",
               "response-success-status-removed"),
    ChangeRule("response-status-removed", "warning",
               "A non-success response was removed from the contract.", "`404` removed",
               "response-non-success-status-removed"),
    ChangeRule("response-media-type-removed", "breaking",
               "A response content type is no longer produced (e.g. `text/event-stream` streaming).",
               "`text/event-stream` removed", "response-media-type-removed"),
    ChangeRule("response-media-type-added", "safe", "A new response content type.", "`text/event-stream` added",
               "response-media-type-added"),
    ChangeRule("response-property-removed", "breaking",
               "A required response field was removed: clients reading it break.", "`choices[].index` removed",
               "response-required-property-removed"),
    ChangeRule("response-optional-property-removed", "warning",
               "An optional response field was removed (clients should already handle its absence).",
               "`system_fingerprint` removed", "response-optional-property-removed"),
    ChangeRule("response-property-added", "safe", "A new response field.", "`usage.cost` added",
               "response-optional-property-added"),
    ChangeRule("response-property-became-optional", "breaking",
               "A response field is no longer always present: clients that read it without a check break.",
               "`id` removed from `required`", "response-property-became-optional"),
    ChangeRule("response-property-became-required", "safe", "A response field is now always present.",
               "`id` added to `required`", "response-property-became-required"),
    ChangeRule("response-enum-value-added", "breaking",
               "A new enum value in a response: clients switching over the old values miss it.",
               "`finish_reason: [stop, length]` -> `[stop, length, content_filter]`",
               "response-property-enum-value-added"),
    ChangeRule("response-enum-value-removed", "safe", "An enum value is no longer returned.",
               "`[stop, length, function_call]` -> `[stop, length]`", "response-property-enum-value-removed"),
    ChangeRule("response-type-changed", "breaking",
               "A response value's type changed or widened: clients parse the old type.",
               "`type: integer` -> `type: string`", "response-property-type-changed"),
    ChangeRule("response-type-narrowed", "safe", "A response value has fewer possible types.",
               "`type: [string, array]` -> `type: string`", "response-property-type-specialized"),
    ChangeRule("response-became-nullable", "breaking",
               "A response value may now be null: clients that dereference it break.", "`nullable: true` added",
               "response-property-became-nullable"),
    ChangeRule("response-nullable-removed", "safe", "A response value is never null any more.",
               "`nullable: true` removed", "response-property-became-not-nullable"),
    ChangeRule("response-bound-loosened", "warning",
               "A response bound got looser: clients relying on the old range may break.",
               "`maxLength: 64` -> `maxLength: 128`", "response-property-max-increased, ..."),
    ChangeRule("response-bound-tightened", "safe", "A response bound got tighter.",
               "`maxItems: 8` -> `maxItems: 4`", "response-property-max-decreased, ..."),
    ChangeRule("response-union-variant-added", "warning",
               "A new oneOf/anyOf variant in a response: clients must handle a shape they have not seen.",
               "output item `reasoning` added", "response-property-one-of-added"),
    ChangeRule("response-union-variant-removed", "safe", "A oneOf/anyOf variant is no longer returned.",
               "output item `reasoning` removed", "response-property-one-of-removed"),
    ChangeRule("response-header-removed", "breaking", "A response header was removed.", "`x-request-id` removed",
               "response-header-removed"),
    ChangeRule("response-header-became-optional", "breaking", "A response header is no longer always sent.",
               "`required: true` -> `false`", "response-required-header-became-optional"),
    ChangeRule("response-header-added", "safe", "A new response header.", "`x-ratelimit-remaining` added",
               "response-header-added"),
    # streams
    ChangeRule("stream-event-added", "warning",
               "A new server-sent event type: stream consumers must ignore or handle it.",
               "`response.reasoning.delta` added", "(not an oasdiff check)"),
    ChangeRule("stream-event-removed", "breaking",
               "A server-sent event type is no longer sent: consumers waiting for it hang or miss data.",
               "`response.completed` removed", "(not an oasdiff check)"),
    # anything
    ChangeRule("schema-format-changed", "warning", "A value's `format` changed (e.g. `date-time` -> `date`).",
               "`format: int32` -> `format: int64`", "request/response-property-format-changed"),
    ChangeRule("default-changed", "warning",
               "A default value changed: clients that omit the field get different behaviour.",
               "`default: 1` -> `default: 0.7`", "request-property-default-value-changed"),
    ChangeRule("docs-changed", "safe", "Only documentation changed (description, summary, title, examples).",
               "`description` reworded", "(oasdiff: not breaking, listed in changelog)"),
]

RULES: dict[str, ChangeRule] = {r.id: r for r in _RULES}
