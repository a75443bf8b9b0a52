"""Unit tables: every identifier the generator emits."""

from __future__ import annotations

import pytest

from generator import naming, pynames


@pytest.mark.parametrize(
    ("wire", "attr", "cls"),
    [
        ("createImageVariation", "create_image_variation", "CreateImageVariation"),
        ("b64_json", "b64_json", "B64Json"),
        ("HTTPResponse", "http_response", "HttpResponse"),
        ("fooBar", "foo_bar", "FooBar"),
        ("foo_bar", "foo_bar", "FooBar"),
        ("Content-Type", "content_type", "ContentType"),
        ("x.y z", "x_y_z", "XYZ"),
        ("class", "class_", "Class"),
        ("match", "match", "Match"),  # soft keywords are fine as attributes
        ("field", "field_", "Field"),  # a dataclass body relies on field()
        ("list", "list_", "List"),  # a type named in class-body annotations
        ("object", "object", "Object"),  # other builtins are fine as attributes
        ("type", "type", "Type"),
        ("None", "none", "NoneModel"),
        ("1abc", "n_1_abc", "Model1Abc"),
        ("__init__", "init", "Init"),
        ("café", "cafe", "Cafe"),
        ("日本", "field_", "Model"),
        ("", "field_", "Model"),
        ("gpt-image-1.5", "gpt_image_1_5", "GptImage15"),
        ("../../etc/passwd", "etc_passwd", "EtcPasswd"),
    ],
)
def test_attribute_and_class_names(wire: str, attr: str, cls: str) -> None:
    assert pynames.attribute(wire) == attr
    assert pynames.class_name(wire) == cls
    assert attr.isidentifier() and cls.isidentifier()


@pytest.mark.parametrize(
    ("title", "package", "prefix"),
    [
        ("OpenAI API", "openai_api", "OPENAI"),
        ("Swagger Petstore", "swagger_petstore", "SWAGGER_PETSTORE"),
        ("3D Printing REST API", "api_3d_printing_rest_api", "API_3D_PRINTING"),
        ("", "client", "API"),
    ],
)
def test_package_and_environment_names(title: str, package: str, prefix: str) -> None:
    assert pynames.package_name(title) == package
    assert naming.env_prefix(title) == prefix


def test_scope_resolves_collisions_readably_and_deterministically() -> None:
    scope = naming.Scope()
    scope.reserve("to_dict")
    assert scope.claim("foo_bar", "fooBar") == ("foo_bar", None)
    assert scope.claim("foo_bar", "foo_bar", parent="Pet") == ("pet_foo_bar", "fooBar")
    assert scope.claim("to_dict", "to_dict") == ("to_dict_wire", "<to_dict>")
    assert scope.claim("foo_bar", "FOO_BAR", parent="Pet") == ("foo_bar_wire", "fooBar")
    assert scope.claim("foo_bar", "foo-bar", parent="Pet") == ("foo_bar_kebab", "fooBar")


@pytest.mark.parametrize(
    ("wire", "style"),
    [
        ("foo-bar", "Kebab"),
        ("a.b", "Dotted"),
        ("a b", "Spaced"),
        ("FOO_BAR", "Upper"),
        ("foo_bar", "Snake"),
        ("fooBar", "Camel"),
        ("FooBar", "Pascal"),
    ],
)
def test_spelling(wire: str, style: str) -> None:
    assert naming.spelling(wire) == style
