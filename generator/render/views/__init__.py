"""View-models: the contract between Python and the templates.

Everything here is a string ready to print (type hints, defaults, docstrings, calls). The
templates only lay these out; they never compute, and they never see the raw spec.
"""

from .models import ModelModuleView, ModelsIndexView, model_module_view, model_modules, models_index_view
from .package import PackageView, ResourceRef, package_view
from .resources import MethodView, ResourceModuleView, resource_view

__all__ = [
    "MethodView", "ModelModuleView", "ModelsIndexView", "PackageView", "ResourceModuleView", "ResourceRef",
    "model_module_view", "model_modules", "models_index_view", "package_view", "resource_view",
]
