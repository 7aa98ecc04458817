from complaints.tests.conftest import inspection, register, walk  # noqa: F401  (the loop-A fixtures)
