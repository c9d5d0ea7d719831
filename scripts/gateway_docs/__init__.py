"""gateway-docs: the Helicone AI Gateway's API contract toolchain (load -> validate -> lint -> render -> build -> mock)."""
__version__ = "0.1.0"
