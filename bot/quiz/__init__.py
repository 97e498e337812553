"""Quiz game core: the engine, scoring, question selection and answer checking."""
