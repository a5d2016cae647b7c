print("rollup")
