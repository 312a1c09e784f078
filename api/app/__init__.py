"""The framework-free application: Network (every use case), access rules, keys, settings, start-up."""
