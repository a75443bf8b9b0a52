"""View-models: the contract between Python and the templates.

Everything here is a string ready to print (type hints, defaults, docstrings, calls). The
templates only lay these out; they never compute, and they never see the raw spec.
"""

from .docs import DocsView, OperationPage, docs_view
from .models import ModelModuleView, ModelsIndexView, model_module_view, model_modules, models_index_view
from .package import PackageView, ResourceRef, api_key_env, package_view
from .resources import MethodView, ResourceModuleView, resource_view

__all__ = [
    "DocsView", "OperationPage", "api_key_env", "docs_view", "MethodView", "ModelModuleView", "ModelsIndexView", "PackageView", "ResourceModuleView", "ResourceRef",
    "model_module_view", "model_modules", "models_index_view", "package_view", "resource_view",
]
