"""The sketch language of libfloe-core/abi/categories.py stays strict: a shape
scripts/gen-abi cannot read fails, and the samples it derives for the
conformance kit follow the shapes."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "libfloe-core/abi"))
import sketch  # noqa: E402


class Refused(unittest.TestCase):
    def refuse(self, text, reason, response=False):
        with self.assertRaises(sketch.SketchError) as caught:
            sketch.parse(text, "cat.method request", response=response)
        self.assertIn("cat.method request", str(caught.exception))
        self.assertIn(reason, str(caught.exception))

    def test_malformed_shapes(self):
        self.refuse('{"a": str', "expected '}'")
        self.refuse('{"a" str}', "expected ':'")
        self.refuse('{"a": strng}', "unknown type 'strng'")
        self.refuse('{"a": str,}', "expected a \"key\"")
        self.refuse('{dbt output mapping}', "found 'dbt'")
        self.refuse('{"a": str} extra', "trailing text")
        self.refuse('{"a": str, "a": int}', "key 'a' twice")
        self.refuse('{"a": [pip requirement str]}', "unknown type 'pip'")
        self.refuse('{"a": str (unclosed}', "unbalanced '('")
        self.refuse('{"a": str; "b": int}', "unexpected character ';'")
        self.refuse('{KEY: str, "b": int}', "a map")

    def test_error_only_at_the_top_of_a_response(self):
        self.refuse('{"a": str} | error NOT_FOUND', "only at the top of a response")
        self.refuse('{"a": str} | error NOPE', "unknown refusal status 'NOPE'", response=True)
        self.refuse('{"a": {"b": str} | error NOT_FOUND}', "only at the top", response=True)


class Derived(unittest.TestCase):
    def test_sample_fills_required_keys_only(self):
        shape = sketch.parse('{"profile_name": str, "target": str, "size": "small"|"large", "n"?: int, '
                             '"catalog": {"uri": str, "warehouse"?: str}, "tags": [str], "any": [], '
                             '"creds": {KEY: secret_ref}, "when": rfc3339}', "x")
        self.assertEqual(sketch.sample(shape), {
            "profile_name": "conformance", "target": "dev", "size": "small",
            "catalog": {"uri": "http://127.0.0.1:8181/catalog"}, "tags": ["conformance"], "any": [],
            "creds": {}, "when": "2024-01-01T00:00:00Z"})

    def test_required_response_keys_and_kinds(self):
        shape = sketch.parse('{"status": "a"|"b", "latency_ms": number, "note"?: str, "m": {str: str | secret_ref}, '
                             '"v": str | int} | error NOT_FOUND', "x", response=True)
        self.assertEqual(sketch.required_keys(shape, "x"), [
            ("status", {"string"}, ["a", "b"]), ("latency_ms", {"number"}, None), ("m", {"object"}, None),
            ("v", {"string", "integer"}, None)])
        self.assertEqual(sketch.response_object(shape, "x")[1], ["NOT_FOUND"])

    def test_notes_are_prose(self):
        shape = sketch.parse('{"output": {str: any} (the mapping; "{{ env_var(\'N\') }}"), "p": [str (a path)]}', "x")
        self.assertEqual(sketch.sample(shape), {"output": {}, "p": ["conformance"]})


if __name__ == "__main__":
    unittest.main()
