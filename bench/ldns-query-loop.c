/* The ceiling for bench/dns-verify.sh: one connected UDP socket, one query at a time, packets
 * built and parsed by ldns exactly as pe-net does (ldns_pkt2wire / ldns_wire2pkt), the reply's
 * id checked and the expected A address looked for. Reads "name=ip" lines on stdin.
 * Usage: ldns-query-loop <server-ip> <port>   Prints: "<ok> <failed> <seconds>". */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <ldns/ldns.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static bool ask(int fd, const char *name, const char *expected, uint16_t id) {
    ldns_pkt *query = NULL;
    if (ldns_pkt_query_new_frm_str(&query, name, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD) != LDNS_STATUS_OK) return false;
    ldns_pkt_set_id(query, id);
    ldns_pkt_set_edns_udp_size(query, 1232);
    uint8_t *wire = NULL;
    size_t size = 0;
    bool ok = false;
    if (ldns_pkt2wire(&wire, query, &size) == LDNS_STATUS_OK) {
        for (int attempt = 0; attempt < 2 && !ok; attempt++) {
            if (send(fd, wire, size, 0) != (ssize_t)size) continue;
            struct pollfd p = {fd, POLLIN, 0};
            while (poll(&p, 1, 2000) == 1) {
                uint8_t buffer[65535];
                ssize_t n = recv(fd, buffer, sizeof buffer, 0);
                if (n < 12) break;
                ldns_pkt *answer = NULL;
                if (ldns_wire2pkt(&answer, buffer, (size_t)n) != LDNS_STATUS_OK) continue;
                if (ldns_pkt_id(answer) != id) { ldns_pkt_free(answer); continue; }
                ldns_rr_list *a = ldns_pkt_rr_list_by_type(answer, LDNS_RR_TYPE_A, LDNS_SECTION_ANSWER);
                if (a) {
                    for (size_t i = 0; i < ldns_rr_list_rr_count(a) && !ok; i++) {
                        char *text = ldns_rdf2str(ldns_rr_a_address(ldns_rr_list_rr(a, i)));
                        ok = text && strcmp(text, expected) == 0;
                        free(text);
                    }
                    ldns_rr_list_deep_free(a);
                }
                ldns_pkt_free(answer);
                break;
            }
        }
        free(wire);
    }
    ldns_pkt_free(query);
    return ok;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s <server-ip> <port> < name=ip lines\n", argv[0]); return 64; }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in server = {0};
    server.sin_family = AF_INET;
    server.sin_port = htons((uint16_t)atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &server.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof server) != 0) { perror("socket"); return 1; }
    char line[1024];
    long ok = 0, failed = 0;
    uint16_t id = (uint16_t)getpid();
    double start = now();
    while (fgets(line, sizeof line, stdin)) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = 0;
        char *ip = eq + 1;
        ip[strcspn(ip, "\r\n")] = 0;
        if (ask(fd, line, ip, id++)) ok++; else failed++;
    }
    printf("%ld %ld %.6f\n", ok, failed, now() - start);
    close(fd);
    return failed == 0 ? 0 : 3;
}
