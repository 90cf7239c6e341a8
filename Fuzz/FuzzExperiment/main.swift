import _FuzzDriver

runFuzzer()
