"""The generated models: explicit wire mapping, lenient where the wire is, strict where it must be."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

EXAMPLE: dict[str, Any] = {
    "created": 1713833628,
    "data": [{"url": "https://example.com/a.png"}],
    "usage": {
        "input_tokens": 1,
        "output_tokens": 2,
        "total_tokens": 3,
        "input_tokens_details": {"image_tokens": 1, "text_tokens": 0},
    },
}


def test_round_trip_keeps_unknown_fields_and_unknown_enum_values(committed_client: ModuleType) -> None:
    m = committed_client.models
    wire = {**EXAMPLE, "quality": "ultra", "brand_new": {"x": [1]}}
    parsed = m.ImagesResponse.from_dict(wire)
    assert parsed.quality == "ultra"  # not in the enum yet: kept, not refused
    assert parsed.extra_fields == {"brand_new": {"x": [1]}}
    assert parsed.usage.input_tokens_details.image_tokens == 1 and parsed.usage.output_tokens_details is None
    assert parsed.to_dict() == wire
    assert m.ImagesResponse.from_dict(parsed.to_dict()) == parsed


def test_missing_required_field_names_model_field_and_what_was_received(committed_client: ModuleType) -> None:
    with pytest.raises(committed_client.ModelValidationError) as info:
        committed_client.models.ImagesResponse.from_dict({"data": []})
    err = info.value
    assert (err.model, err.field) == ("ImagesResponse", "created")
    assert str(err) == "ImagesResponse.created: required field is missing; received keys ['data']"


def test_wrong_type_deep_inside_names_the_innermost_model(committed_client: ModuleType) -> None:
    bad = {**EXAMPLE, "usage": {**EXAMPLE["usage"], "input_tokens_details": {"image_tokens": "many", "text_tokens": 0}}}
    with pytest.raises(committed_client.ModelValidationError) as info:
        committed_client.models.ImagesResponse.from_dict(bad)
    err = info.value
    assert (err.model, err.field, err.received) == ("ImageGenInputUsageDetails", "image_tokens", "many")
    assert str(err) == (
        "ImageGenInputUsageDetails.image_tokens: expected integer, received str 'many' "
        "(at ImagesResponse.usage.input_tokens_details.image_tokens)"
    )


@pytest.mark.parametrize(("value", "expected"), [(True, "integer"), ("1", "integer"), (None, "integer")])
def test_required_integer_refuses_other_types(committed_client: ModuleType, value: object, expected: str) -> None:
    with pytest.raises(committed_client.ModelValidationError, match=f"expected {expected}"):
        committed_client.models.ImagesResponse.from_dict({"created": value})


def test_enum_value_of_the_wrong_type_is_refused(committed_client: ModuleType) -> None:
    with pytest.raises(committed_client.ModelValidationError, match="ImagesResponse.quality: expected one of"):
        committed_client.models.ImagesResponse.from_dict({"created": 1, "quality": 3})


def test_not_an_object(committed_client: ModuleType) -> None:
    with pytest.raises(committed_client.ModelValidationError, match="expected object for ImagesResponse"):
        committed_client.models.ImagesResponse.from_dict([1, 2])


def test_models_are_keyword_only_slotted_dataclasses(committed_client: ModuleType) -> None:
    m = committed_client.models
    with pytest.raises(TypeError):
        m.Image("b64")  # keyword-only
    image = m.Image(url="u")
    with pytest.raises((AttributeError, TypeError)):
        image.not_a_field = 1  # slots
    assert set(m.__all__) == {
        "Image",
        "ImageGenInputUsageDetails",
        "ImageGenOutputTokensDetails",
        "ImageGenUsage",
        "ImageModel",
        "ImagesResponse",
    }
