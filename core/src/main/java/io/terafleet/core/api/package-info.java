/**
 * The JSON bodies of the agent API (coordinator &lt;-&gt; car), shared by both sides so that they
 * cannot drift apart. Plain records: Jackson reads and writes them as they are.
 */
package io.terafleet.core.api;
