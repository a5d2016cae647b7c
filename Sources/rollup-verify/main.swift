print("rollup-verify")
