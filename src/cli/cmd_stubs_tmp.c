#include "cli.h"
int cmd_term(int argc, char **argv) { (void)argc; (void)argv; return 3; }
int cmd_glossary(int argc, char **argv) { (void)argc; (void)argv; return 3; }
int cmd_batch(int argc, char **argv) { (void)argc; (void)argv; return 3; }
