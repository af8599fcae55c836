"""TS-CAM model definition, reference math and export tooling (Python side of TS-CAM Server)."""
