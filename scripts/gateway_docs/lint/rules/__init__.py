"""The rule table: every rule, in the order of the docs page. One module per rule; add a rule by adding its
module here (the docs page, presets and config validation all read this table)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import (
    additional_properties_consistent,
    anyof_redundant,
    consistent_inline_objects,
    enum_unique_typed,
    gateway_error_schema,
    gateway_examples,
    gateway_streaming,
    no_ambiguous_paths,
    no_duplicate_inline_schemas,
    no_path_trailing_slash,
    no_safe_integer_bounds,
    no_server_trailing_slash,
    no_unresolved_refs,
    no_unused_components,
    no_zod_null_branch,
    nullable_type,
    number_bounds,
    operation_2xx_response,
    operation_4xx_response,
    operation_description,
    operation_operationid,
    operation_operationid_unique,
    operation_operationid_url_safe,
    operation_summary,
    operation_tags,
    path_params_defined,
    property_description,
    request_body_required,
    security_defined,
    server_https,
    struct,
    tags_defined,
    union_discriminator_required,
    valid_examples,
)

if TYPE_CHECKING:
    from ..engine import Rule

RULES: dict[str, Rule] = {m.RULE.id: m.RULE for m in (
    # the document
    struct, no_unresolved_refs, server_https, no_server_trailing_slash, security_defined, tags_defined,
    no_unused_components,
    # paths and operations
    no_ambiguous_paths, no_path_trailing_slash, path_params_defined, operation_operationid,
    operation_operationid_unique, operation_operationid_url_safe, operation_summary, operation_description,
    operation_tags, operation_2xx_response, operation_4xx_response, request_body_required,
    # schemas
    valid_examples, enum_unique_typed, nullable_type, no_zod_null_branch, anyof_redundant,
    union_discriminator_required, no_safe_integer_bounds, number_bounds, additional_properties_consistent,
    consistent_inline_objects, no_duplicate_inline_schemas, property_description,
    # the gateway's own contract
    gateway_streaming, gateway_error_schema, gateway_examples,
)}
