"""``_args`` and the lazy packages' re-exports are generated from the pydantic models: the
checked-in files are current, and each model has one home."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import pulumi_ampersand as amp
from pulumi_ampersand import _args
from pulumi_ampersand.models import _codegen


def test_the_checked_in_files_are_what_the_generator_writes() -> None:
    files = _codegen.render()
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run python -m pulumi_ampersand.models._codegen"
        )
    assert set(_codegen.TARGET.glob("*.py")) <= set(files), (
        "a module the generator no longer writes"
    )
    assert _codegen.main(["--check"]) == 0


def test_each_model_is_in_one_module_and_no_module_is_long() -> None:
    modules = [p for p in _codegen.render() if p.parent == _codegen.TARGET and p.stem != "__init__"]
    defined: dict[str, Path] = {}
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 600, path
        for model in _codegen.models():
            if f"\nclass {model.__name__}(InputType):" in text:
                assert model.__name__ not in defined, (model.__name__, defined.get(model.__name__))
                defined[model.__name__] = path
    assert sorted(defined) == sorted(m.__name__ for m in _codegen.models())


def test_the_lazy_packages_reexport_every_model_of_the_models_lists() -> None:
    from pulumi_ampersand import models
    from pulumi_ampersand.models import api, config_content, manifest

    model_names = {n for m in (manifest, config_content) for n in m.__all__ if n.endswith("Args")}
    assert model_names <= set(models.__all__)
    assert set(api.__all__) <= set(amp.__all__)
    assert {f"{m.__name__}Dict" for m in _codegen.models()} <= set(amp.__all__)


def test_a_file_without_its_region_marker_is_an_error_naming_the_region(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="needs one '# codegen: names' line"):
        _codegen._replace_region("__all__ = []\n", "names", "__all__ += []\n", tmp_path)
    replaced = _codegen._replace_region(
        'x = 1\n# codegen: names\n__all__ += [\n    "Old",\n]\ny = 2\n',
        "names",
        '__all__ += [\n    "New",\n]\n',
        tmp_path,
    )
    assert replaced == 'x = 1\n# codegen: names\n__all__ += [\n    "New",\n]\ny = 2\n'


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
