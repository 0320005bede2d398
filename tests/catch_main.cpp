// The one main() of every Catch2 test program: the session is catch_session.cpp.
int floe_catch_session_run(int argc, char* argv[]);

int main(int argc, char* argv[]) { return floe_catch_session_run(argc, argv); }
