extension LinkScripts {
    /// S8: read-only; the network itself is tested from both hosts.
    func network() -> SQLText {
        """
        \(header("S8", "network (read-only)"))
        -- The link needs TCP 5022 open both ways between SQL Server and the instance's subnet, and
        -- TCP 11000-11999 from SQL Server to the instance's subnet. Test from SQL Server with
        -- Test-NetConnection <instance FQDN> -Port 5022, and from the instance's side towards this
        -- server's endpoint address on 5022. From this machine or a Linux host in its network,
        -- pe-net tests DNS, 5022, 11000-11999 and 1433 and writes both directions' SQL Agent jobs:
        --   pe-net link check-net --mi-fqdn \(SQLText(trusted: LinkNetworkScripts.commentText(parameters.instance.fqdn))) --mi-subnet <instance subnet>
        --     --sql-endpoint \(SQLText(trusted: LinkNetworkScripts.commentText(parameters.sqlEndpointHost))) --output-dir <dir>
        -- This query shows this server's endpoint.
        \(Self.endpointQuery)
        """
    }

    /// S9: the availability group holding the database (none for an instance primary: it seeds SQL Server).
    func availabilityGroup() -> SQLText {
        var with: SQLText = "        WITH (CLUSTER_TYPE = NONE)\n"
        var note: SQLText = ""
        if parameters.version == .v2016 {
            with = ""
            note = "-- SQL Server 2016: Always On needs a WSFC (one node is enough), so this AG has no CLUSTER_TYPE.\n"
        }
        let members: SQLText
        if parameters.initialPrimary == .mi {
            members = "        FOR REPLICA ON"
        } else {
            let list = parameters.databases.map { SQLIdentifier($0).description }.joined(separator: ", ")
            members = "        FOR DATABASE \(SQLText(trusted: list))\n        REPLICA ON"
        }
        var grant: SQLText = ""
        if parameters.initialPrimary == .mi {
            grant = """


                -- The instance seeds the database into this AG.
                ALTER AVAILABILITY GROUP \(ag) GRANT CREATE ANY DATABASE
                GO
                """
        }
        return """
            \(header("S9", "availability group"))
            \(note)USE [master]
            GO

            IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = \(agName))
                CREATE AVAILABILITY GROUP \(ag)
            \(with)\(members)
                        \(serverName) WITH (
                            ENDPOINT_URL = \(endpointURL),
                            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
                            FAILOVER_MODE = MANUAL,
                            SEEDING_MODE = AUTOMATIC
                        )
            GO\(grant)
            """
    }

    /// S10: the distributed availability group joining the AG and the instance.
    func distributedAvailabilityGroup() -> SQLText {
        """
        \(header("S10", "distributed availability group"))
        USE [master]
        GO

        IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = \(dagName))
            CREATE AVAILABILITY GROUP \(dag)
                WITH (DISTRIBUTED)
                AVAILABILITY GROUP ON
                \(agName) WITH (
                    LISTENER_URL = \(endpointURL),
                    AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
                    FAILOVER_MODE = MANUAL,
                    SEEDING_MODE = AUTOMATIC,
                    SESSION_TIMEOUT = 20
                ),
                \(instanceName) WITH (
                    LISTENER_URL = \(SQLString(parameters.instanceListenerURL)),
                    AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
                    FAILOVER_MODE = MANUAL,
                    SEEDING_MODE = AUTOMATIC
                )
        GO
        """
    }

    /// S12: read-only link health on SQL Server.
    func verify() -> SQLText {
        let databases = parameters.databases.map { "DB_ID(\(SQLString($0)))" as SQLText }
        let ids = SQLText(trusted: databases.map(\.text).joined(separator: ", "))
        return """
            \(header("S12", "link health (read-only)"))
            -- Expect connected_state_desc CONNECTED for the instance's replica and HEALTHY synchronization.
            SELECT
                ag.name AS availability_group,
                ag.is_distributed,
                r.replica_server_name,
                r.endpoint_url,
                rs.role_desc,
                rs.connected_state_desc,
                rs.synchronization_health_desc,
                rs.last_connect_error_number,
                rs.last_connect_error_description,
                rs.last_connect_error_timestamp
            FROM sys.dm_hadr_availability_replica_states AS rs
            INNER JOIN sys.availability_replicas AS r ON rs.replica_id = r.replica_id
            INNER JOIN sys.availability_groups AS ag ON r.group_id = ag.group_id
            WHERE ag.name IN (\(agName), \(dagName))
            GO

            \(lsnQuery(ids))
            """
    }

    func lsnQuery(_ ids: SQLText) -> SQLText {
        """
        SELECT
            DB_NAME(drs.database_id) AS database_name,
            drs.synchronization_state_desc,
            drs.synchronization_health_desc,
            drs.last_hardened_lsn,
            drs.is_primary_replica
        FROM sys.dm_hadr_database_replica_states AS drs
        WHERE drs.database_id IN (\(ids))
        GO
        """
    }

    /// Before failover: synchronous commit on both DAG members, then the LSN to compare.
    func syncSwitch() -> SQLText {
        let ids = SQLText(trusted: parameters.databases.map { "DB_ID(\(SQLString($0)))" }.joined(separator: ", "))
        return """
            \(header("sync-switch", "synchronous commit before failover"))
            -- Also PATCH arm/13-patch-replication-mode.json. Fail over only when last_hardened_lsn here
            -- equals the instance's (GET the link: databases[].lastHardenedLsn).
            USE [master]
            GO

            IF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = \(dagName))
                ALTER AVAILABILITY GROUP \(dag)
                    MODIFY
                    AVAILABILITY GROUP ON
                    \(agName) WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT),
                    \(instanceName) WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)
            GO

            \(lsnQuery(ids))
            """
    }

    /// After the link is deleted (or failed over for good): the DAG must go; the AG may stay.
    func cleanup() -> SQLText {
        """
        \(header("cleanup", "drop the distributed availability group"))
        -- Run after the link is deleted. The availability group may stay for other links.
        USE [master]
        GO

        IF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = \(dagName))
            DROP AVAILABILITY GROUP \(dag)
        GO
        """
    }
}
