"""From a message to a cited answer: plan, backends (extractive or a language model), citation
checks, and the chain that runs them."""
