from backrub.cli import main

main()
