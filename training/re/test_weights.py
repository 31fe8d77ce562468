"""Weight averaging (`train.py --swa-from`): the running mean of the trainable parameters, and a
copy holding averaged weights whose batch norm statistics are recomputed over the training pairs.

  /usr/bin/python3 -m unittest discover -s training/re -p 'test_*.py'
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
try:
    import torch

    from fcnn import FastRE
    from test_quantize import inputs, table
    from train import running_mean, trainable, with_weights
except ImportError as err:  # CI's plain python3 has no torch
    MISSING = f"needs torch ({err}); use /usr/bin/python3 with python3-torch"
else:
    MISSING = None


def data(n_words=12, pairs=40):
    """The five input tensors and labels, as train.py's `tensors` gives them."""
    return (*inputs(n_words, pairs=pairs), torch.zeros(pairs, dtype=torch.long))


@unittest.skipIf(MISSING, MISSING)
class RunningMeanTest(unittest.TestCase):
    def test_mean_of_three_states_is_their_average_and_frozen_table_is_left_out(self):
        torch.manual_seed(0)
        model = FastRE(table(), n_types=2, n_classes=3, tuned=4)
        seen, mean = [], None
        for n in range(3):
            with torch.no_grad():
                for p in model.parameters():
                    if p.requires_grad:
                        p.add_(torch.randn_like(p))
            seen.append({k: v.detach().clone() for k, v in model.named_parameters()})
            mean = running_mean(mean, trainable(model), n)
        self.assertNotIn("embedding.weight", mean)  # frozen: never averaged
        self.assertIn("tuned.weight", mean)
        for k, v in mean.items():
            expected = sum(s[k] for s in seen) / 3
            self.assertTrue(torch.allclose(v, expected, atol=1e-6), k)


@unittest.skipIf(MISSING, MISSING)
class WithWeightsTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = FastRE(table(), n_types=2, n_classes=3)
        self.data = data()

    def test_copy_holds_the_weights_and_batch_norm_matches_the_training_pairs(self):
        weights = {k: v.detach() + 0.25 for k, v in self.model.named_parameters()
                   if v.requires_grad}
        out = with_weights(self.model, weights, self.data, batch=8)
        for k, v in out.named_parameters():
            if k in weights:
                self.assertTrue(torch.equal(v, weights[k]), k)
        self.assertFalse(out.training)
        # The original model is untouched.
        first = next(k for k in weights)
        self.assertFalse(torch.equal(dict(self.model.named_parameters())[first], weights[first]))
        # The first batch norm's running mean is the mean of its input over the training pairs
        # (the first affine layer's output; dropout comes after it, so this is exact).
        norm = out.mlp[1]
        with torch.no_grad():
            x = self._first_affine_input(out)
            pre = out.mlp[0](x)
        self.assertTrue(torch.allclose(norm.running_mean, pre.mean(0), atol=1e-4))
        # Its variance, like torch's swa_utils.update_bn, is the mean of the batches' variances.
        batch_vars = torch.stack([pre[k:k + 8].var(0, unbiased=True) for k in range(0, 40, 8)])
        self.assertTrue(torch.allclose(norm.running_var, batch_vars.mean(0), atol=1e-4, rtol=1e-4))
        self.assertAlmostEqual(norm.momentum, 0.1)

    def test_leaves_the_training_runs_random_stream_alone(self):
        # Span dropout and dropout draw random numbers in the recomputing pass.
        model = FastRE(table(), n_types=2, n_classes=3, span_dropout=0.5)
        torch.manual_seed(5)
        expected = torch.rand(3)
        torch.manual_seed(5)
        weights = {k: v.detach() for k, v in model.named_parameters() if v.requires_grad}
        with_weights(model, weights, self.data, batch=8)
        self.assertTrue(torch.equal(torch.rand(3), expected))

    def _first_affine_input(self, model):
        """The stacked feature vector of every training pair, captured at the first layer."""
        captured = []
        hook = model.mlp[0].register_forward_hook(lambda m, i, o: captured.append(i[0]))
        model.eval()
        with torch.no_grad():
            model.logits(*self.data[:5])
        hook.remove()
        return captured[0]


if __name__ == "__main__":
    unittest.main()
