def main() -> int:
    print("parambot")
    return 0
