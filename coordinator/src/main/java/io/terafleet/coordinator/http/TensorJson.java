package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.terafleet.core.api.TensorData;
import io.terafleet.core.api.TensorTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * KServe v2 JSON tensors ({@code data} as a flat or nested array of numbers, row-major) to and from the
 * agent API's binary form ({@link TensorData}: little-endian bytes in base64).
 */
final class TensorJson {
    private TensorJson() {
    }

    /** @throws ApiError naming the tensor when the data does not fit its datatype or shape */
    static TensorData fromJson(String name, String datatype, long[] shape, JsonNode data) {
        int size = TensorTypes.size(datatype).orElseThrow(() -> ApiError.invalid("datatype", "input '" + name
                + "': datatype " + datatype + " is not supported; use one of " + TensorTypes.supported()));
        long elements = TensorTypes.elements(shape);
        if (elements < 0) {
            throw ApiError.invalid("shape", "input '" + name + "': shape dimensions must be ≥ 0 and small enough");
        }
        long given = count(name, data);
        if (given != elements) {
            throw ApiError.invalid("data", "input '" + name + "': shape " + java.util.Arrays.toString(shape)
                    + " needs " + elements + " elements, data has " + given);
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) elements * size).order(ByteOrder.LITTLE_ENDIAN);
        fill(name, datatype, data, bytes);
        return new TensorData(name, datatype, shape, Base64.getEncoder().encodeToString(bytes.array()));
    }

    /** Leaf elements of a flat or nested array. */
    private static long count(String name, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw ApiError.invalid("data", "input '" + name + "': data must be an array");
        }
        long count = 0;
        for (JsonNode item : node) {
            count += item.isArray() ? count(name, item) : 1;
        }
        return count;
    }

    private static void fill(String name, String datatype, JsonNode node, ByteBuffer out) {
        for (JsonNode item : node) {
            if (item.isArray()) {
                fill(name, datatype, item, out);
            } else {
                put(name, datatype, item, out);
            }
        }
    }

    private static void put(String name, String datatype, JsonNode item, ByteBuffer out) {
        boolean ok = "BOOL".equals(datatype) ? item.isBoolean() : item.isNumber();
        boolean integral = !datatype.startsWith("FP");
        if (!ok || (integral && !"BOOL".equals(datatype) && !item.isIntegralNumber())) {
            throw ApiError.invalid("data", "input '" + name + "': " + item + " is not a " + datatype + " value");
        }
        switch (datatype) {
            case "FP32" -> out.putFloat(item.floatValue());
            case "FP64" -> out.putDouble(item.doubleValue());
            case "INT8", "UINT8" -> out.put((byte) item.intValue());
            case "INT16" -> out.putShort((short) item.intValue());
            case "INT32" -> out.putInt(item.intValue());
            case "INT64" -> out.putLong(item.longValue());
            case "BOOL" -> out.put((byte) (item.booleanValue() ? 1 : 0));
            default -> throw ApiError.invalid("datatype", "input '" + name + "': datatype " + datatype + " is not supported");
        }
    }

    /** Writes an output as KServe JSON: {@code {"name","datatype","shape","data":[...]}} with flat data. */
    static void write(JsonGenerator gen, TensorData tensor) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("name", tensor.name());
        gen.writeStringField("datatype", tensor.datatype());
        gen.writeFieldName("shape");
        gen.writeArray(tensor.shape(), 0, tensor.shape().length);
        gen.writeArrayFieldStart("data");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(tensor.dataBase64())).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining()) {
            switch (tensor.datatype()) {
                case "FP32" -> gen.writeNumber(bytes.getFloat());
                case "FP64" -> gen.writeNumber(bytes.getDouble());
                case "INT8" -> gen.writeNumber(bytes.get());
                case "UINT8" -> gen.writeNumber(bytes.get() & 0xff);
                case "INT16" -> gen.writeNumber(bytes.getShort());
                case "INT32" -> gen.writeNumber(bytes.getInt());
                case "INT64" -> gen.writeNumber(bytes.getLong());
                case "BOOL" -> gen.writeBoolean(bytes.get() != 0);
                default -> throw new IllegalStateException("a car answered with datatype " + tensor.datatype());
            }
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }
}
