import ArgumentParser; print("troupe")
