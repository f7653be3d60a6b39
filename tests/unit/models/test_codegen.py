"""``_args.py`` is generated from the pydantic models: the checked-in file is current."""

from __future__ import annotations

import inspect

import pulumi_ampersand as amp
from pulumi_ampersand import _args
from pulumi_ampersand.models import _codegen


def test_the_checked_in_module_is_what_the_generator_writes() -> None:
    assert _codegen.TARGET.read_text(encoding="utf-8") == _codegen.render(), (
        "pulumi_ampersand/_args.py is stale: run python -m pulumi_ampersand.models._codegen"
    )
    assert _codegen.main(["--check"]) == 0


def test_every_model_field_is_a_keyword_with_the_models_required_set() -> None:
    for model in _codegen.models():
        args = getattr(_args, model.__name__)
        parameters = inspect.signature(args.__init__).parameters
        keywords = {name for name, p in parameters.items() if p.kind is p.KEYWORD_ONLY}
        assert keywords == set(model.model_fields), model.__name__
        required = {n for n in keywords if parameters[n].default is inspect.Parameter.empty}
        assert required == {n for n, f in model.model_fields.items() if f.is_required()}
        typed_dict = getattr(_args, f"{model.__name__}Dict")
        assert typed_dict.__required_keys__ == required, model.__name__
        assert typed_dict.__optional_keys__ == keywords - required, model.__name__


def test_the_public_args_are_the_generated_classes() -> None:
    for name in _args.__all__:
        assert getattr(amp, name) is getattr(_args, name), name
