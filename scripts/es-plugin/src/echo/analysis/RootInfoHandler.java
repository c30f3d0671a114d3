package echo.analysis;

import java.util.List;
import java.util.function.Supplier;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/** GET / and HEAD /: the node's name, cluster and version, in the rest-root module's format. */
final class RootInfoHandler implements RestHandler {

    private final Supplier<ClusterService> clusterService;

    RootInfoHandler(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    public String getName() { return "echo_main_action"; }

    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
    }

    public void handleRequest(RestRequest request, RestChannel channel, NodeClient client) throws Exception {
        ClusterService cs = clusterService.get();
        Build b = Build.current();
        XContentBuilder x = channel.newBuilder();
        if (request.hasParam("pretty") == false) x.prettyPrint().lfAtEnd();
        x.startObject()
            .field("name", cs.getNodeName())
            .field("cluster_name", cs.getClusterName().value())
            .field("cluster_uuid", cs.state().metadata().clusterUUID())
            .startObject("version")
            .field("number", b.qualifiedVersion())
            .field("build_flavor", b.flavor())
            .field("build_type", b.type().displayName())
            .field("build_hash", b.hash())
            .field("build_date", b.date())
            .field("build_snapshot", b.isSnapshot())
            .field("lucene_version", org.apache.lucene.util.Version.LATEST.toString())
            .field("minimum_wire_compatibility_version", b.minWireCompatVersion())
            .field("minimum_index_compatibility_version", b.minIndexCompatVersion())
            .endObject()
            .field("tagline", "You Know, for Search")
            .endObject();
        channel.sendResponse(new RestResponse(RestStatus.OK, x));
    }
}
