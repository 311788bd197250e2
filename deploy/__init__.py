"""How the dashboard runs in production: the launch command, the container recipe, nginx in front of replicas."""
