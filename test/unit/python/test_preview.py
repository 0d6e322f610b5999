"""Safe previews: never run user code, always short."""
import collections
import dataclasses
import datetime
import enum
import pathlib
import unittest

import _support  # noqa: F401
from poolscope_tracer import _preview
from poolscope_tracer._preview import LIMIT, callable_name, preview, preview_args

_preview.refresh_safe_types()


class Watched(object):
    """Counts every call of its dunder methods: a preview must make none."""

    calls = []

    def __repr__(self):
        Watched.calls.append("repr")
        return "Watched()"

    def __str__(self):
        Watched.calls.append("str")
        return "watched"

    def __len__(self):
        Watched.calls.append("len")
        return 1


class Exploding(object):
    def __repr__(self):
        raise RuntimeError("repr must not be called")


class ListWithRepr(list):
    def __repr__(self):
        raise RuntimeError("a subclass's repr must not be called")


class ListKeepingRepr(list):
    pass


Point = collections.namedtuple("Point", "x y")


@dataclasses.dataclass
class Job:
    name: str
    size: int = 3


class Color(enum.Enum):
    RED = 1


class PreviewTest(unittest.TestCase):
    def setUp(self):
        Watched.calls = []

    def test_user_reprs_are_never_called(self):
        text = preview([Watched(), Exploding(), ListWithRepr([1]), {"k": Watched()}])
        self.assertEqual(Watched.calls, [])
        self.assertEqual(
            text,
            "[<test_preview.Watched object>, <test_preview.Exploding object>, "
            "<test_preview.ListWithRepr object>, {'k': <test_preview.Watched object>}]",
        )

    def test_builtin_scalars_and_containers_render_like_repr(self):
        value = [1, -2.5, None, True, "a'b", b"xy", (1,), {1: (2, 3)}]
        self.assertEqual(preview(value), repr(value))
        self.assertEqual(preview((set(), frozenset([4]), 3j, bytearray(b"z"))), repr((set(), frozenset([4]), 3j, bytearray(b"z"))))

    def test_subclasses_keeping_the_builtin_repr_render_as_the_builtin(self):
        self.assertEqual(preview(ListKeepingRepr([1, 2])), "[1, 2]")

    def test_recursive_containers_stop_at_the_depth_limit(self):
        loop = []
        loop.append(loop)
        self.assertEqual(preview(loop), "[[[[...]]]]")

    def test_long_output_is_cut_to_the_limit_with_an_ellipsis(self):
        text = preview(["x" * 70] * 8)
        self.assertEqual(len(text), LIMIT)
        self.assertTrue(text.endswith("\u2026"))
        self.assertEqual(len(preview("y" * 10000)), LIMIT)

    def test_huge_containers_are_not_walked(self):
        huge = list(range(10 ** 6))
        self.assertEqual(preview(huge), "[0, 1, 2, 3, 4, 5, 6, 7, ...]")

    def test_huge_ints_are_described_not_converted(self):
        self.assertEqual(preview(1 << 100000), "<int of 100001 bits>")

    def test_strings_inside_are_cut_at_80_characters(self):
        text = preview_args(("z" * 500, 1), {})
        self.assertTrue(text.startswith("'" + "z" * 79 + "\u2026'"))
        self.assertTrue(text.endswith(", 1"))

    def test_arguments_render_like_a_call(self):
        self.assertEqual(preview_args((1, "a"), {"timeout": 30}), "1, 'a', timeout=30")
        self.assertEqual(preview_args((), {}), "")

    def test_namedtuples_dataclasses_enums_and_stdlib_values(self):
        self.assertEqual(preview(Point(1, 2)), "Point(x=1, y=2)")
        self.assertEqual(preview(Job("a")), "Job(name='a', size=3)")
        self.assertEqual(preview(Color.RED), "Color.RED")
        self.assertEqual(preview(pathlib.PurePosixPath("/tmp/q1.csv")), "PurePosixPath('/tmp/q1.csv')")
        self.assertEqual(preview(datetime.date(2024, 1, 2)), "datetime.date(2024, 1, 2)")

    def test_exceptions_render_from_their_args(self):
        self.assertEqual(preview(ValueError("bad", Watched())), "ValueError('bad', <test_preview.Watched object>)")
        self.assertEqual(Watched.calls, [])

    def test_callable_names_are_qualified(self):
        def local():
            pass

        self.assertEqual(callable_name(local), "PreviewTest.test_callable_names_are_qualified.<locals>.local")
        self.assertEqual(callable_name(pow), "pow")
        self.assertEqual(callable_name(Watched().__repr__), "Watched.__repr__")
        self.assertEqual(callable_name(Watched), "Watched")
        self.assertEqual(callable_name(Watched()), "Watched.__call__")


if __name__ == "__main__":
    unittest.main()
