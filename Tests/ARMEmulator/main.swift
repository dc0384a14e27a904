print("arm-emulator: not yet implemented")
