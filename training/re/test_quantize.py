"""The int8 embedding table: per-row quantization, the PyTorch lookup, the exported graph, and
reading the table back from a model.onnx (what `train re --csv` does without the fastText cache).

  /usr/bin/python3 -m unittest discover -s training/re -p 'test_*.py'
"""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
try:
    import onnx
    import torch
    from onnx import TensorProto

    from fcnn import FastRE, quantize_rows
    from quantize import model_from_onnx
    from spec import Spec
    from train import onnx_vector_table, write_onnx
except ImportError as err:  # CI's plain python3 has neither torch nor onnx
    MISSING = f"needs torch and onnx ({err}); use /usr/bin/python3 with python3-torch python3-onnx"
else:
    MISSING = None


def table(n=12, dim=6, seed=3):
    g = torch.Generator().manual_seed(seed)
    t = torch.randn(n, dim, generator=g) * torch.linspace(0.1, 3.0, n).unsqueeze(1)
    t[0] = 0.0  # padding
    t[1] = 0.0  # unknown
    return t


def inputs(n_words, pairs=4, seed=5):
    g = torch.Generator().manual_seed(seed)
    ids = lambda *shape: torch.randint(0, n_words, shape, generator=g)  # noqa: E731
    return (torch.randint(0, 3, (pairs, 2), generator=g), ids(pairs, 4), ids(pairs, 4),
            ids(pairs, 5, 16), torch.rand(pairs, 5, generator=g))


def trained_like(model, seed=7):
    """Distinct values in every buffer and bias: the exporter merges equal initializers (a fresh
    batch norm's zero mean and zero bias), which a trained model never has."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, value in list(model.named_parameters()) + list(model.named_buffers()):
            if name.startswith(("mlp.", "tuned.")) and value.dtype == torch.float32:
                value.copy_(torch.rand(value.shape, generator=g) + 0.5)
    return model.eval()


@unittest.skipIf(MISSING, MISSING)
class QuantizeRowsTest(unittest.TestCase):
    def test_rows_are_int8_within_half_a_step_and_zero_rows_stay_zero(self):
        t = table()
        q, scale = quantize_rows(t)
        self.assertEqual(q.dtype, torch.int8)
        self.assertEqual(tuple(scale.shape), (t.shape[0], 1))
        back = q.float() * scale
        self.assertTrue(torch.equal(back[:2], torch.zeros(2, t.shape[1])))
        err = (back - t).abs()
        self.assertTrue(bool((err <= scale / 2 + 1e-7).all()))
        # Each non-zero row uses the full int8 range at its largest value.
        self.assertTrue(bool((q[2:].abs().amax(dim=1) == 127).all()))


@unittest.skipIf(MISSING, MISSING)
class QuantizedModelTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = trained_like(FastRE(table(), n_types=2, n_classes=3))

    def test_quantized_lookup_is_q_times_scale_and_probabilities_stay_close(self):
        args = inputs(12)
        with torch.no_grad():
            before = self.model(*args)
            self.model.quantize_table()
            after = self.model(*args)
            q, scale = self.model.embedding.q, self.model.embedding.scale
            ids = args[1]
            self.assertTrue(torch.equal(self.model.embedding(ids), q[ids].float() * scale[ids]))
        self.assertLess((before - after).abs().max().item(), 0.05)

    def test_hidden_layers_become_int8_rows_the_classifier_stays_fp32(self):
        args = inputs(12)
        first = self.model.mlp[0]
        with torch.no_grad():
            x = torch.rand(3, first.in_features)
            q, scale = quantize_rows(first.weight)
            want = torch.nn.functional.linear(x, q.float() * scale, first.bias)
            before = self.model(*args)
            self.model.quantize_hidden()
            self.assertTrue(torch.equal(self.model.mlp[0](x), want))
            after = self.model(*args)
        kinds = [type(layer).__name__ for layer in self.model.mlp]
        linear = [k for k in kinds if "Linear" in k]
        self.assertEqual(linear, ["Int8Linear", "Int8Linear", "Linear"])
        self.assertLess((before - after).abs().max().item(), 0.05)

    def test_export_stores_an_int8_table_read_back_as_q_times_scale(self):
        self.model.quantize_table()
        self.model.quantize_hidden()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.onnx")
            write_onnx(self.model, inputs(12), path)
            graph = onnx.load(path).graph
            kinds = {i.name: i.data_type for i in graph.initializer}
            self.assertEqual(kinds.get("embedding.q"), TensorProto.INT8)
            self.assertEqual(kinds.get("embedding.scale"), TensorProto.FLOAT)
            self.assertNotIn("embedding.weight", kinds)
            self.assertEqual(kinds.get("mlp.0.q"), TensorProto.INT8)
            self.assertEqual(kinds.get("mlp.8.weight"), TensorProto.FLOAT)
            ops = [n.op_type for n in graph.node]
            self.assertEqual(ops[:4], ["Gather", "Cast", "Gather", "Mul"])
            expected = self.model.embedding.q.float() * self.model.embedding.scale
            self.assertTrue(torch.equal(onnx_vector_table(path, 12), expected))
            self.assertTrue(torch.equal(onnx_vector_table(path, 10), expected[:10]))
            # quantize.py rebuilds only fp32-table graphs: an int8 one is left alone.
            spec = Spec("t", ["A", "B"], [], ["O", "x", "y"], None, None)
            self.assertIsNone(model_from_onnx(path, spec, {}))


@unittest.skipIf(MISSING, MISSING)
class RebuildFromOnnxTest(unittest.TestCase):
    def test_an_fp32_graph_rebuilds_the_same_model(self):
        torch.manual_seed(1)
        model = trained_like(FastRE(table(), n_types=2, n_classes=3))
        args = inputs(12)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.onnx")
            write_onnx(model, args, path)
            spec = Spec("t", ["A", "B"], [], ["O", "x", "y"], None, None)
            rebuilt = model_from_onnx(path, spec, {})
        with torch.no_grad():
            self.assertTrue(torch.equal(rebuilt(*args), model(*args)))

    def test_a_tuned_meanmax_graph_with_one_hidden_layer_rebuilds_the_same_model(self):
        torch.manual_seed(2)
        model = trained_like(FastRE(table(), n_types=2, n_classes=3, hidden=(16,), tuned=4,
                                    pool="meanmax"))
        args = inputs(12)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.onnx")
            write_onnx(model, args, path)
            spec = Spec("t", ["A", "B"], [], ["O", "x", "y"], None, None)
            rebuilt = model_from_onnx(path, spec, {"pool": "meanmax"})
        self.assertEqual(rebuilt.tuned.weight.shape[1], 4)
        self.assertEqual([m.out_features for m in rebuilt.mlp if hasattr(m, "out_features")],
                         [16, 3])
        with torch.no_grad():
            self.assertTrue(torch.equal(rebuilt(*args), model(*args)))


@unittest.skipIf(MISSING, MISSING)
class TunedTableTest(unittest.TestCase):
    def test_tuned_table_starts_from_the_frozen_one_and_pads_with_zeros(self):
        t = table()
        model = FastRE(t, n_types=2, n_classes=3, tuned=3)
        tuned = model.tuned.weight.detach()
        self.assertEqual(tuple(tuned.shape), (12, 3))
        self.assertTrue(torch.equal(tuned[:2], torch.zeros(2, 3)))
        self.assertTrue(model.tuned.weight.requires_grad)
        self.assertFalse(model.embedding.weight.requires_grad)
        # Principal components: rows far apart in the frozen table stay apart.
        self.assertGreater(torch.dist(tuned[2], tuned[11]).item(), 0.1)

    def test_both_tables_become_int8_and_the_export_keeps_them_int8(self):
        torch.manual_seed(3)
        model = trained_like(FastRE(table(), n_types=2, n_classes=3, tuned=4, pool="meanmax"))
        args = inputs(12)
        with torch.no_grad():
            before = model(*args)
            model.quantize_table()
            model.quantize_hidden()
            after = model(*args)
            ids = args[1]
            q, scale = model.tuned.q, model.tuned.scale
            self.assertTrue(torch.equal(model.tuned(ids), q[ids].float() * scale[ids]))
        self.assertLess((before - after).abs().max().item(), 0.05)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.onnx")
            write_onnx(model, args, path)
            kinds = {i.name: i.data_type for i in onnx.load(path).graph.initializer}
        self.assertEqual(kinds.get("tuned.q"), TensorProto.INT8)
        self.assertNotIn("tuned.weight", kinds)

    def test_masked_max_ignores_padding_and_gives_zeros_for_an_empty_window(self):
        from fcnn import masked_max
        vectors = torch.tensor([[[-3.0, 1.0], [-1.0, -2.0], [9.0, 9.0]],
                                [[5.0, 5.0], [6.0, 6.0], [7.0, 7.0]]])
        ids = torch.tensor([[4, 5, 0], [0, 0, 0]])
        self.assertTrue(torch.equal(masked_max(vectors, ids),
                                    torch.tensor([[-1.0, 1.0], [0.0, 0.0]])))

    def test_span_dropout_only_acts_in_training(self):
        torch.manual_seed(4)
        model = trained_like(FastRE(table(), n_types=2, n_classes=3, span_dropout=0.9))
        args = inputs(12, pairs=32)
        with torch.no_grad():
            self.assertTrue(torch.equal(model(*args), model(*args)))
            model.train()
            model.mlp.apply(lambda m: m.eval() if isinstance(m, torch.nn.Dropout) else None)
            model.mlp.apply(lambda m: m.eval() if isinstance(m, torch.nn.BatchNorm1d) else None)
            self.assertFalse(torch.equal(model.logits(*args), model.logits(*args)))


if __name__ == "__main__":
    unittest.main()
